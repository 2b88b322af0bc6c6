"""PyTorch reference timings for tools/perf/bench.ts (--vs-pytorch).

Builds the same three models as the course (LeNet-5, mini-Inception,
MiniResNet(32)), runs one SGD training step at a time on random MNIST-shaped
data and prints one JSON object: {"threads": n, "torch": version,
"device": "cuda"|"cpu", "device_name": ..., "ms": {model: median ms/step}}.
Run it with Debian's /usr/bin/python3 (or the GPU machine's python3).
--device auto (the default) uses CUDA when torch sees a GPU, else the CPU.
"""
import argparse
import json
import statistics
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


MODELS = {"lenet5": LeNet5, "miniInception": MiniInception, "miniResNet": MiniResNet}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--models", default="lenet5,miniInception,miniResNet")
    p.add_argument("--batch", type=int, default=256)
    p.add_argument("--steps", type=int, default=5)
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--threads", type=int, default=torch.get_num_threads())
    p.add_argument("--device", choices=["auto", "cuda", "cpu"], default="auto")
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
    x = torch.randn(a.batch, 1, 28, 28, device=device)
    y = torch.randint(0, 10, (a.batch,), device=device)
    result = {}
    for name in a.models.split(","):
        model = MODELS[name]().to(device)
        opt = torch.optim.SGD(model.parameters(), lr=0.1)
        loss_fn = nn.CrossEntropyLoss()
        times = []
        for i in range(a.warmup + a.steps):
            t0 = time.perf_counter()
            opt.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            opt.step()
            loss.item()  # waits for the device, as the step's end
            if i >= a.warmup:
                times.append((time.perf_counter() - t0) * 1000)
        result[name] = statistics.median(times)
    print(json.dumps({"threads": a.threads, "torch": torch.__version__,
                      "device": a.device, "device_name": device_name,
                      "ms": result}))


if __name__ == "__main__":
    main()
