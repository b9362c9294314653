"""PyTorch on the benchmark's Fashion-MNIST task: the contender spark-backprop measures against.

The same network (784-256-128-10, ReLU, softmax cross-entropy), the same data (pixels / 255),
float32 and as many threads as Spark's ``local[2]`` has cores. Two recipes:

* ``classic``: Adam at 1e-3, batches of 128, a constant rate (what a PyTorch user writes);
* ``fast``: spark-backprop's fast recipe, batches of 2048, Adam at 0.008, 30 steps of linear
  warm-up, then cosine decay to 1e-4 over the run.

After every epoch the test accuracy is measured; training seconds exclude those evaluations, as
the Java benchmark's whole-run times exclude its ``transform``. Prints one JSON object per epoch
and one per recipe (``{"recipe", "epoch", "trainingSeconds", "testAccuracy"}`` and
``{"recipe", "secondsTo85", "secondsTo88", "secondsTo89", "bestAccuracy", ...}``) on stdout,
which the Java benchmark reads.

Usage: python3 pytorch_fashion_mnist.py DATA_DIR THREADS [--quick]
"""

import json
import math
import re
import sys
import time

import numpy as np
import torch
from torch import nn

# the IDX reading the grid part's contenders share (this script's folder is on sys.path)
from fashion_mnist_data import libblas_target, load_arrays


def load(data_dir, part):
    """Features (rows x 784, float32 in [0, 1]) and labels (int64) of ``train`` or ``t10k``."""
    x, y = load_arrays(data_dir, part, dtype=np.float32)
    return torch.from_numpy(x), torch.from_numpy(y)


def network():
    """784-256-128-10 with ReLU hidden layers; the softmax lives in the loss."""
    return nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(),
                         nn.Linear(128, 10))


def warmup_cosine(step, warmup, total, base, floor):
    """The fast recipe's rate: linear warm-up to ``base``, then cosine down to ``floor``."""
    if step < warmup:
        return base * (step + 1) / warmup
    progress = min(1.0, (step - warmup) / max(1, total - warmup))
    return floor + (base - floor) * 0.5 * (1 + math.cos(math.pi * progress))


def blas():
    """The BLAS torch was built for and, for Debian's generic build, the library it loads."""
    built = re.search(r"BLAS_INFO=(\w+)", torch.__config__.show())
    name = built.group(1) if built else "unknown"
    if name == "generic":
        # Debian's torch calls libblas.so.3, which the alternatives system points at a BLAS
        target = libblas_target()
        if target is not None:
            return "generic libblas.so.3 -> " + target
    return name


def accuracy(model, x, y):
    with torch.no_grad():
        return (model(x).argmax(dim=1) == y).double().mean().item()


def train(recipe, epochs, batch, rate, warmup, floor, data, seed=42):
    """Trains one recipe for ``epochs`` epochs; prints and returns its time-to-accuracy line."""
    x, y, x_test, y_test = data
    torch.manual_seed(seed)
    model = network()
    optimizer = torch.optim.Adam(model.parameters(), lr=rate)
    loss_fn = nn.CrossEntropyLoss()
    steps_per_epoch = math.ceil(x.shape[0] / batch)
    total = epochs * steps_per_epoch
    step = 0
    seconds = 0.0
    points = []
    for epoch in range(1, epochs + 1):
        start = time.perf_counter()
        model.train()
        order = torch.randperm(x.shape[0])
        for i in range(steps_per_epoch):
            rows = order[i * batch:(i + 1) * batch]
            if warmup is not None:
                for group in optimizer.param_groups:
                    group["lr"] = warmup_cosine(step, warmup, total, rate, floor)
            optimizer.zero_grad(set_to_none=True)
            loss_fn(model(x[rows]), y[rows]).backward()
            optimizer.step()
            step += 1
        seconds += time.perf_counter() - start
        model.eval()
        acc = accuracy(model, x_test, y_test)
        points.append((seconds, acc))
        print(json.dumps({"recipe": recipe, "epoch": epoch, "trainingSeconds": seconds,
                          "testAccuracy": acc}), flush=True)

    def first(target):
        return next((s for s, a in points if a >= target), None)

    summary = {"recipe": recipe, "epochs": epochs, "batchSize": batch, "stepSize": rate,
               "secondsTo85": first(0.85), "secondsTo88": first(0.88),
               "secondsTo89": first(0.89), "bestAccuracy": max(a for _, a in points),
               "trainingSeconds": seconds}
    print(json.dumps(summary), flush=True)
    return summary


def main(argv):
    data_dir, threads = argv[0], int(argv[1])
    quick = "--quick" in argv
    torch.set_num_threads(threads)
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(),
                      "blas": blas()}), flush=True)
    x, y = load(data_dir, "train")
    x_test, y_test = load(data_dir, "t10k")
    data = (x, y, x_test, y_test)
    train("classic", 2 if quick else 20, 128, 1e-3, None, None, data)
    train("fast", 2 if quick else 10, 2048, 0.008, 30, 1e-4, data)


if __name__ == "__main__":
    main(sys.argv[1:])
