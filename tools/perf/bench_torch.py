"""PyTorch reference timings for tools/perf/bench.ts (--vs-pytorch).

Builds the same models as the course (LeNet-5, mini-Inception,
MiniResNet(32), chapter 05's LeNet-5 with BatchNorm, chapter 06's separable
mini-Inception) and trains each as a plain PyTorch loop trains an epoch:
shuffled batches drawn from a 50,000-image MNIST-like tensor (--images),
SGD 0.1, cross-entropy, the loss and accuracy read back every batch (as
Keras's fit does). Prints one JSON object: {"threads": n, "torch": version,
"device": "cuda"|"cpu", "device_name": ..., "ms": {model: ms/step}}, ms/step
being the mean over --steps batches after --warmup ones.
Run it with Debian's /usr/bin/python3 (or the GPU machine's python3).
--device auto (the default) uses CUDA when torch sees a GPU, else the CPU.
"""
import argparse
import json
import time

import torch
from torch import nn


class LeNet5(nn.Module):
    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(1, 6, 5, padding=2)
        self.c3 = nn.Conv2d(6, 16, 5)
        self.c5 = nn.Conv2d(16, 120, 5)
        self.f6 = nn.Linear(120, 84)
        self.out = nn.Linear(84, 10)

    def forward(self, x):
        x = nn.functional.max_pool2d(torch.tanh(self.c1(x)), 2)
        x = nn.functional.avg_pool2d(torch.tanh(self.c3(x)), 2)
        x = torch.tanh(self.c5(x)).flatten(1)
        return self.out(torch.tanh(self.f6(x)))


class MiniInception(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(1, 16, 5, padding=2)
        self.b1 = nn.Conv2d(16, 32, 1)
        self.b5 = nn.Conv2d(16, 32, 5, padding=2)
        self.b3 = nn.Conv2d(16, 32, 3, padding=1)
        self.pool = nn.MaxPool2d(3, stride=1, padding=1)
        self.out = nn.Linear(28 * 28 * 112, 10)

    def forward(self, x):
        x = self.stem(x)
        y = torch.cat([torch.relu(self.b1(x)), torch.relu(self.b5(x)),
                       torch.relu(self.b3(x)), self.pool(x)], 1)
        return self.out(y.flatten(1))


class MiniResNet(nn.Module):
    def __init__(self, n=32):
        super().__init__()
        self.conv = nn.Conv2d(1, n, 5, padding=2)
        self.conv1 = nn.Conv2d(n, n, 3, padding=1)
        self.conv2 = nn.Conv2d(n, n, 3, padding=1)
        self.out = nn.Linear(28 * 28 * n, 10)

    def forward(self, x):
        x = self.conv(x)
        y = torch.relu(self.conv2(torch.relu(self.conv1(x))) + x)
        return self.out(y.flatten(1))


class LeNet5BN(nn.Module):
    """Chapter 05's LeNet-5-BN: bias-free convolutions, BatchNorm (Keras's
    momentum 0.99 is PyTorch's 0.01; epsilon 1e-3), then tanh."""

    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(1, 6, 5, padding=2, bias=False)
        self.b1 = nn.BatchNorm2d(6, eps=1e-3, momentum=0.01)
        self.c3 = nn.Conv2d(6, 16, 5, bias=False)
        self.b3 = nn.BatchNorm2d(16, eps=1e-3, momentum=0.01)
        self.c5 = nn.Conv2d(16, 120, 5, bias=False)
        self.b5 = nn.BatchNorm2d(120, eps=1e-3, momentum=0.01)
        self.f6 = nn.Linear(120, 84)
        self.out = nn.Linear(84, 10)

    def forward(self, x):
        x = nn.functional.max_pool2d(torch.tanh(self.b1(self.c1(x))), 2)
        x = nn.functional.avg_pool2d(torch.tanh(self.b3(self.c3(x))), 2)
        x = torch.tanh(self.b5(self.c5(x))).flatten(1)
        return self.out(torch.tanh(self.f6(x)))


def separable(cin, cout, k):
    """Keras's SeparableConv2D: a bias-free depthwise k×k, a 1×1 with bias."""
    return nn.Sequential(
        nn.Conv2d(cin, cin, k, padding=k // 2, groups=cin, bias=False),
        nn.Conv2d(cin, cout, 1))


class SeparableInception(MiniInception):
    """Chapter 06's separable mini-Inception: the 5×5 and 3×3 branches as
    separable convolutions."""

    def __init__(self):
        super().__init__()
        self.b5 = separable(16, 32, 5)
        self.b3 = separable(16, 32, 3)


MODELS = {"lenet5": LeNet5, "miniInception": MiniInception,
          "miniResNet": MiniResNet, "lenet5BN": LeNet5BN,
          "separableInception": SeparableInception}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--models", default="lenet5,miniInception,miniResNet")
    p.add_argument("--batch", type=int, default=256)
    p.add_argument("--steps", type=int, default=5)
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--threads", type=int, default=torch.get_num_threads())
    p.add_argument("--device", choices=["auto", "cuda", "cpu"], default="auto")
    p.add_argument("--images", type=int, default=50000)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    if a.device == "auto":
        a.device = "cuda" if torch.cuda.is_available() else "cpu"
    device = torch.device(a.device)
    if a.device == "cuda":
        device_name = torch.cuda.get_device_name(0)
    else:
        device_name = f"CPU, {a.threads} threads"
    # The same kind of data as tools/perf/fit_timing.ts's trainingData:
    # seeded, ~80 % zero pixels and the rest in [0.8, 1), as MNIST is sparse.
    torch.manual_seed(19)
    x = torch.rand(a.images, 1, 28, 28, device=device)
    x = x * (x >= 0.8)
    y = torch.randint(0, 10, (a.images,), device=device)
    if (a.warmup + a.steps) * a.batch > a.images:
        p.error("--images must hold --warmup + --steps batches")
    result = {}
    for name in a.models.split(","):
        model = MODELS[name]().to(device)
        model.train()
        opt = torch.optim.SGD(model.parameters(), lr=0.1)
        loss_fn = nn.CrossEntropyLoss()
        order = torch.randperm(a.images, device=device)
        ends = []
        start = time.perf_counter()
        for i in range(a.warmup + a.steps):
            idx = order[i * a.batch:(i + 1) * a.batch]
            xb, yb = x[idx], y[idx]
            opt.zero_grad()
            out = model(xb)
            loss = loss_fn(out, yb)
            loss.backward()
            opt.step()
            # Read back the loss and accuracy, as fit does for its progress
            # bar (this also waits for the device).
            loss.item()
            (out.argmax(1) == yb).float().mean().item()
            ends.append(time.perf_counter())
        first = ends[a.warmup - 1] if a.warmup else start
        result[name] = (ends[-1] - first) * 1000 / a.steps
    print(json.dumps({"threads": a.threads, "torch": torch.__version__,
                      "device": a.device, "device_name": device_name,
                      "ms": result}))


if __name__ == "__main__":
    main()
