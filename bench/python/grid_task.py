"""The benchmark's grid part: the one task both contenders run, and their shared command line.

A grid search over 4 points (hidden layers ``[64]`` or ``[128, 64]``, L2 strength 0 or 1e-4),
``folds``-fold cross-validation by accuracy, ``epochs`` epochs of Adam with every other setting
at the library's default, on the first ``rows`` Fashion-MNIST training rows (pixels / 255); the
best model, refitted on all those rows, is scored on the 10,000 test rows.

Each contender prints JSON lines on stdout: one ``{"section": "environment", ...}`` and one
``{"section": "grid", ...}`` per timed search, which ``grid_bench.py`` collects.
"""

import argparse
import json
from dataclasses import dataclass
from typing import List, Tuple

import numpy as np

from fashion_mnist_data import DEFAULT_DATA_DIR, load_arrays

HIDDEN_LAYERS: List[Tuple[int, ...]] = [(64,), (128, 64)]
REG_PARAMS: List[float] = [0.0, 1e-4]
SEED = 42


@dataclass(frozen=True)
class Task:
    """The size of one run of the grid part."""

    rows: int
    folds: int
    epochs: int
    test_rows: int = 10_000

    @property
    def points(self) -> int:
        """The number of points of the grid."""
        return len(HIDDEN_LAYERS) * len(REG_PARAMS)


FULL = Task(rows=20_000, folds=3, epochs=10)
# --quick checks the harness, not the figures: a few minutes on a busy 2-core machine
QUICK = Task(rows=3_000, folds=2, epochs=2)


def argument_parser(description):
    """The contenders' common command line, DATA_DIR [--quick], for each to add its own to."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("data_dir", nargs="?", default=DEFAULT_DATA_DIR,
                        help=f"the Fashion-MNIST IDX files ({DEFAULT_DATA_DIR})")
    parser.add_argument("--quick", action="store_true",
                        help=f"a short run to check the harness ({QUICK.rows:,} rows, "
                        f"{QUICK.folds} folds, {QUICK.epochs} epochs)")
    return parser


def task_of(args) -> Task:
    """The task the parsed arguments ask for."""
    return QUICK if args.quick else FULL


def load_task_data(data_dir, task: Task):
    """The first ``task.rows`` training rows and the test rows, float64 features: both
    contenders compute in double precision (the library's default), so neither wins by its
    number format."""
    x, y = load_arrays(data_dir, "train", rows=task.rows, dtype=np.float64)
    x_test, y_test = load_arrays(data_dir, "t10k", rows=task.test_rows, dtype=np.float64)
    return x, y, x_test, y_test


def emit(record):
    """Prints one JSON line on stdout, at once (the parent reads it while this process runs)."""
    print(json.dumps(record), flush=True)


def grid_record(contender, task: Task, **values):
    """A ``grid`` line: the contender, the task's size and the measured ``values``."""
    record = {"section": "grid", "contender": contender, "rows": task.rows,
              "testRows": task.test_rows, "folds": task.folds, "epochs": task.epochs,
              "points": task.points}
    record.update(values)
    return record
