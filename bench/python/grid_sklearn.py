"""scikit-learn on the benchmark's grid part: ``GridSearchCV(MLPClassifier(solver="adam"),
n_jobs=2)`` over the grid of ``grid_task.py``, timed whole (the search and the refit of the best
estimator; scoring on the test rows excluded).

Runs under Debian's ``/usr/bin/python3`` with Debian's ``python3-sklearn`` (see scripts/bench for
why that one). Expects ``OPENBLAS_NUM_THREADS=1`` and ``OMP_NUM_THREADS=1`` in its environment,
which its ``n_jobs`` worker processes inherit: one BLAS thread per worker, as Spark has one per
task. Prints JSON lines (see ``grid_task.py``).

Usage: python3 grid_sklearn.py [DATA_DIR] [--quick]
"""

import contextlib
import io
import os
import sys
import time
import warnings

import numpy as np
import sklearn
from sklearn.model_selection import GridSearchCV
from sklearn.neural_network import MLPClassifier

from fashion_mnist_data import libblas_target
from grid_task import HIDDEN_LAYERS, REG_PARAMS, SEED, emit, grid_record, load_task_data, \
    argument_parser, task_of

CONTENDER = "scikit-learn GridSearchCV"
N_JOBS = 2


def blas():
    """The BLAS numpy computes with, its version and threads, as threadpoolctl finds it loaded
    in this process; numpy's own build information where threadpoolctl is missing."""
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return numpy_build_blas()
    found = [i for i in threadpool_info() if i.get("user_api") == "blas"]
    if not found:
        return numpy_build_blas()
    return "; ".join(
        f"{i.get('internal_api')} {i.get('version')} ({i.get('threading_layer', '?')}, "
        f"{i.get('num_threads')} thread(s), {i.get('filepath')})" for i in found)


def numpy_build_blas():
    """The BLAS numpy was built against, from ``np.show_config()``, and where libblas.so.3
    points (a generic build, as Debian's, loads that)."""
    try:  # numpy 1.25 and later describe their build as a dict
        name = np.show_config(mode="dicts")["Build Dependencies"]["blas"]["name"]
    except TypeError:  # earlier ones only print it: blas_opt_info's libraries
        shown = io.StringIO()
        with contextlib.redirect_stdout(shown):
            np.show_config()
        lines = shown.getvalue().splitlines()
        start = next((i for i, l in enumerate(lines) if l.startswith("blas_opt_info")), len(lines))
        name = next((l.split("=", 1)[1].strip() for l in lines[start + 1:]
                     if l.strip().startswith("libraries")), "unknown")
    target = libblas_target()
    return f"numpy built with {name}" + (f", libblas.so.3 -> {target}" if target else "")


def search(task):
    """The grid search, not yet fitted: 4 points, ``task.folds`` folds, ``N_JOBS`` workers."""
    network = MLPClassifier(solver="adam", max_iter=task.epochs, random_state=SEED)
    grid = {"hidden_layer_sizes": HIDDEN_LAYERS, "alpha": REG_PARAMS}
    # accuracy is GridSearchCV's default score for a classifier; refit=True refits the best
    return GridSearchCV(network, param_grid=grid, cv=task.folds, n_jobs=N_JOBS, refit=True)


def main(argv):
    args = argument_parser(__doc__.split("\n\n")[0]).parse_args(argv)
    task = task_of(args)
    # 10 epochs do not converge, on purpose: the grid part caps the epochs. The workers inherit
    # this environment variable, and with it the filter (a filter set here would not reach them).
    os.environ["PYTHONWARNINGS"] = "ignore:Stochastic Optimizer"
    warnings.filterwarnings("ignore", message="Stochastic Optimizer")
    x, y, x_test, y_test = load_task_data(args.data_dir, task)
    emit({"section": "environment", "contender": CONTENDER, "sklearn": sklearn.__version__,
          "numpy": np.__version__, "python": sys.version.split()[0], "nJobs": N_JOBS,
          "blas": blas(), "OPENBLAS_NUM_THREADS": os.environ.get("OPENBLAS_NUM_THREADS"),
          "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS")})
    grid_search = search(task)
    start = time.perf_counter()
    grid_search.fit(x, y)
    seconds = time.perf_counter() - start
    best = grid_search.best_params_
    accuracy = float(grid_search.best_estimator_.score(x_test, y_test))
    emit(grid_record(
        CONTENDER, task, parallelism=N_JOBS, seconds=seconds,
        refitSeconds=float(grid_search.refit_time_),
        bestHiddenLayers=list(best["hidden_layer_sizes"]), bestRegParam=float(best["alpha"]),
        bestParams={"hidden_layer_sizes": list(best["hidden_layer_sizes"]),
                    "alpha": best["alpha"]},
        bestCvAccuracy=float(grid_search.best_score_), bestTestAccuracy=accuracy,
        epochsRun=int(grid_search.best_estimator_.n_iter_)))


if __name__ == "__main__":
    main(sys.argv[1:])
