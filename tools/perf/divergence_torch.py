"""PyTorch side of the divergence study (tools/perf/divergence_study.ts).

Trains bench_torch.py's MiniInception -- the course's mini-Inception layer by
layer: Conv2d(1, 16, 5, padding 2), then 1x1 / 5x5 / 3x3 convolutions with
ReLU and a 3x3 stride-1 max-pool, concatenated in that order, flattened,
Linear(87808, 10) -- with the tutorial's recipe: SGD(lr=0.1), no momentum,
CrossEntropyLoss on the logits (mean over the batch), which is what our
softmax + sparse categorical cross-entropy computes (from the logits).

Usage (Debian's /usr/bin/python3, which has torch):
    python3 divergence_torch.py DATA_DIR --threads 1

DATA_DIR holds x.f32 (the training images, NHWC float32, already divided by
255) and y.i32 (their labels), written by the study. Then each line on stdin
is a JSON object {"seed": s, "dir": SEED_DIR}; SEED_DIR holds manifest.json
(the initial weights of our model, one raw little-endian float32 file per
kernel and bias, with Keras shapes) and order.i32 (the training indices in
batch order). For each, one JSON line goes to stdout:
{"seed": s, "losses": [...], "torch": version, "threads": n}: the loss of
every batch, computed before that batch's update, as ours reports it
("nan", "inf" or "-inf" for a non-finite one, where training stops).
"""
import argparse
import json
import math
import os
import sys

import numpy as np
import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_torch import MiniInception  # noqa: E402  (after the path fix)

# Keras kernel shapes of mini-Inception for 28x28x1 inputs, by torch module.
KERNELS = {
    "stem": (5, 5, 1, 16),
    "b1": (1, 1, 16, 32),
    "b5": (5, 5, 16, 32),
    "b3": (3, 3, 16, 32),
    "out": (28 * 28 * 112, 10),
}


def read_f32(path, shape):
    return np.fromfile(path, dtype="<f4").reshape(shape)


def load_weights(model, seed_dir):
    """Copies our initial weights into the torch model, converting layouts:
    a Keras Conv2D kernel [kh, kw, in, out] is torch's [out, in, kh, kw]; our
    Dense kernel takes the NHWC flatten (h, w, c) and torch's Linear the NCHW
    one (c, h, w), so its rows are reordered, not only transposed."""
    with open(os.path.join(seed_dir, "manifest.json")) as f:
        layers = json.load(f)["layers"]
    by_shape = {tuple(l["kernel"]["shape"]): l for l in layers}
    if sorted(by_shape) != sorted(KERNELS.values()) or len(layers) != 5:
        raise SystemExit(
            f"divergence_torch: the model's kernels {sorted(by_shape)} are not "
            f"mini-Inception's {sorted(KERNELS.values())}")
    with torch.no_grad():
        for name, shape in KERNELS.items():
            layer = by_shape[shape]
            k = read_f32(os.path.join(seed_dir, layer["kernel"]["file"]), shape)
            b = read_f32(os.path.join(seed_dir, layer["bias"]["file"]),
                         (shape[-1],))
            if name == "out":
                k = k.reshape(28, 28, 112, 10).transpose(3, 2, 0, 1)
                k = k.reshape(10, -1)
            else:
                k = k.transpose(3, 2, 0, 1)
            module = getattr(model, name)
            assert module.weight.shape == k.shape, (name, module.weight.shape)
            module.weight.copy_(torch.from_numpy(np.ascontiguousarray(k)))
            module.bias.copy_(torch.from_numpy(b))


def train(model, x, y, order, batch):
    """The tutorial's recipe over the given batches; one loss per batch."""
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    loss_fn = nn.CrossEntropyLoss()
    model.train()
    losses = []
    for start in range(0, len(order), batch):
        idx = torch.from_numpy(order[start:start + batch].astype(np.int64))
        xb = x[idx]
        yb = y[idx]
        opt.zero_grad()
        loss = loss_fn(model(xb), yb)
        value = loss.item()
        # JSON has no NaN/Infinity: non-finite losses travel as "nan"/"inf".
        losses.append(value if math.isfinite(value) else str(value))
        if not math.isfinite(value):
            break  # as fit() does: the NaN batch is not applied, training stops
        loss.backward()
        opt.step()
    return losses


def main():
    p = argparse.ArgumentParser()
    p.add_argument("data_dir")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--batch", type=int, default=256)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    x_nhwc = np.fromfile(os.path.join(a.data_dir, "x.f32"), dtype="<f4")
    x = torch.from_numpy(x_nhwc.reshape(-1, 28, 28, 1)).permute(0, 3, 1, 2)
    x = x.contiguous()
    y = torch.from_numpy(
        np.fromfile(os.path.join(a.data_dir, "y.i32"), dtype="<i4")
        .astype(np.int64))
    for line in sys.stdin:
        if not line.strip():
            continue
        job = json.loads(line)
        model = MiniInception()
        load_weights(model, job["dir"])
        order = np.fromfile(os.path.join(job["dir"], "order.i32"), dtype="<i4")
        losses = train(model, x, y, order, a.batch)
        print(json.dumps({"seed": job["seed"], "losses": losses,
                          "torch": torch.__version__,
                          "threads": torch.get_num_threads()}), flush=True)


if __name__ == "__main__":
    main()
