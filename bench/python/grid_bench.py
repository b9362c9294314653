"""The benchmark's grid part (``scripts/bench grid``): runs each contender of the grid search in
a process of its own, one after the other, and reports them side by side.

* ``grid_spark.py`` under the project's venv Python: spark-backprop through PySpark's
  ``CrossValidator``, parallelism 1 and 2, on ``local[2]``;
* ``grid_sklearn.py`` under Debian's Python: scikit-learn's ``GridSearchCV(n_jobs=2)``; skipped,
  with a line saying why, where that Python cannot import scikit-learn.

Both get one BLAS thread per worker (``OPENBLAS_NUM_THREADS=1``; ``OMP_NUM_THREADS=1`` for
scikit-learn's worker processes). The contenders' JSON lines are passed on to stdout as they
come; at the end the lines go to ``OUT/grid.json`` and the searches to ``OUT/grid.csv``, and a
table is printed with the date, the machine, each side's BLAS and Spark's execution mode.

Standard library only, so that any Python can run it.

Usage: python grid_bench.py --spark-python PY --sklearn-python PY [--data-dir DIR]
       [--out target/bench] [--quick]
"""

import argparse
import csv
import datetime
import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SPARK = "spark-backprop CrossValidator"
SKLEARN = "scikit-learn GridSearchCV"
CSV_COLUMNS = ["contender", "parallelism", "partitions", "rows", "testRows", "folds", "epochs",
               "points", "seconds", "bestHiddenLayers", "bestRegParam", "bestCvAccuracy",
               "bestTestAccuracy", "epochsRun", "executionMode", "blas", "skipped"]


def parse_args(argv):
    """The command line (see the module's docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--spark-python", required=True,
                        help="the Python with PySpark and the sparkbackprop package")
    parser.add_argument("--sklearn-python", default="/usr/bin/python3",
                        help="the Python with scikit-learn (/usr/bin/python3)")
    parser.add_argument("--data-dir", default="/usr/share/datasets/fashion-mnist")
    parser.add_argument("--out", default="target/bench")
    parser.add_argument("--quick", action="store_true", help="a short run to check the harness")
    return parser.parse_args(argv)


def machine():
    """The machine the run is on: its cores (as nproc counts them) and CPU model."""
    model = "unknown"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            model = next((line.split(":", 1)[1].strip() for line in cpuinfo
                          if line.startswith("model name")), model)
    except OSError:
        pass
    return {"section": "environment", "contender": "machine",
            "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
            "nproc": len(os.sched_getaffinity(0)), "cpu": model}


def missing_module(python, module):
    """Why ``python`` cannot import ``module``, or ``None`` when it can."""
    try:
        check = subprocess.run([python, "-c", f"import {module}"], capture_output=True,
                               text=True, check=False)
    except OSError as e:
        return f"cannot run {python}: {e}"
    if check.returncode != 0:
        last = (check.stderr.strip().splitlines() or ["exit " + str(check.returncode)])[-1]
        return f"{python} cannot import {module}: {last}"
    return None


def run_contender(name, command, env, records):
    """Runs one contender; passes its JSON lines to stdout as they come and keeps them in
    ``records``, lets its other output through. Returns its exit status."""
    print(f"== {name}: {' '.join(command)}", flush=True)
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env)
    for line in process.stdout:
        if line.startswith("{"):
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError:
                pass  # not one of ours (a JVM writing to stdout): passed on as it is
        print(line, end="", flush=True)
    return process.wait()


def contender_env(**threads):
    """This environment with the given thread counts (one BLAS thread per worker)."""
    env = dict(os.environ)
    env.update({k: str(v) for k, v in threads.items()})
    return env


def run_all(args, records):
    """Runs the Spark contender, then scikit-learn's (or records why not); returns the
    contenders that failed."""
    common = [str(Path(args.data_dir).resolve())] + (["--quick"] if args.quick else [])
    failed = []
    status = run_contender(SPARK, [args.spark_python, str(HERE / "grid_spark.py")] + common,
                           contender_env(OPENBLAS_NUM_THREADS=1), records)
    if status != 0:
        failed.append(f"{SPARK} (exit {status})")
    why_not = missing_module(args.sklearn_python, "sklearn")
    if why_not:
        print(f"scikit-learn part skipped: {why_not}", flush=True)
        records.append({"section": "grid", "contender": SKLEARN, "skipped": why_not})
    else:
        command = [args.sklearn_python, str(HERE / "grid_sklearn.py")] + common
        status = run_contender(SKLEARN, command,
                               contender_env(OPENBLAS_NUM_THREADS=1, OMP_NUM_THREADS=1),
                               records)
        if status != 0:
            failed.append(f"{SKLEARN} (exit {status})")
    return failed


def blas_of(records, contender):
    """The BLAS a contender's environment line names, or ``-``."""
    return next((r.get("blas", "-") for r in records
                 if r.get("section") == "environment" and r.get("contender") == contender), "-")


def write_files(out, records):
    """``grid.json``: every line of the run; ``grid.csv``: one row per timed search, and one
    per skipped contender saying why."""
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "grid.json", "w", encoding="utf-8") as f:
        json.dump(records, f, indent=2)
        f.write("\n")
    with open(out / "grid.csv", "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=CSV_COLUMNS, extrasaction="ignore")
        writer.writeheader()
        for r in records:
            if r.get("section") == "grid":
                row = dict(r, blas=blas_of(records, r["contender"]))
                writer.writerow(row)


def table(records):
    """The closing table, as lines: the setting, then one row per timed search."""
    host = next(r for r in records if r.get("contender") == "machine")
    searches = [r for r in records if r.get("section") == "grid"]
    timed = [r for r in searches if "seconds" in r]
    lines = []
    if timed:
        t = timed[0]
        lines.append(f"Grid search: Fashion-MNIST, the first {t['rows']:,} training rows, "
                     f"{t['points']} points x {t['folds']} folds, {t['epochs']} epochs of adam; "
                     f"the best refitted and scored on {t['testRows']:,} test rows")
    lines.append(f"date {host['date']}, {host['nproc']} cores (nproc), {host['cpu']}")
    lines.append(f"BLAS, spark-backprop (JVM): {blas_of(records, SPARK)}")
    lines.append(f"BLAS, scikit-learn (numpy): {blas_of(records, SKLEARN)}")
    fmt = "{:<32} {:>11} {:>10} {:>9} {:<26} {:>9} {:>10} {:<14}"
    lines.append(fmt.format("", "parallelism", "partitions", "seconds", "best params",
                            "best CV", "best test", "Spark mode"))
    for r in searches:
        if "skipped" in r:
            lines.append(f"{r['contender']:<32} skipped: {r['skipped']}")
            continue
        params = f"hidden {r['bestHiddenLayers']}, reg {r['bestRegParam']:g}"
        lines.append(fmt.format(r["contender"], r["parallelism"], r.get("partitions", "-"),
                                f"{r['seconds']:.1f}",
                                params, f"{100 * r['bestCvAccuracy']:.2f}%",
                                f"{100 * r['bestTestAccuracy']:.2f}%",
                                r.get("executionMode", "-")))
    lines.append("(seconds: the whole search with the refit of the best, scoring excluded; "
                 "parallelism: CrossValidator's parallelism or GridSearchCV's n_jobs; "
                 "partitions: of Spark's training rows, task slots / parallelism; "
                 "Spark mode: the summary's executionMode of the best params' refit)")
    return lines


def main(argv):
    args = parse_args(argv)
    records = [machine()]
    print(json.dumps(records[0]), flush=True)
    failed = run_all(args, records)
    out = Path(args.out).resolve()
    write_files(out, records)
    print()
    print("\n".join(table(records)))
    print(f"Figures written to {out / 'grid.csv'} and {out / 'grid.json'}")
    if failed:
        print("!! failed: " + ", ".join(failed) + "; their error output is above",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
