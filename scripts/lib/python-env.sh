# shellcheck shell=bash
# Sourced by scripts/test-python and scripts/run-example: the Python environment of the tests
# and Python examples, a virtualenv in the Spark line's build folder (target/python-venv for
# 4.0; see lib/spark-line.sh) with the pinned packages of python/requirements-test.txt (under
# python/constraints-test.txt), or of python/requirements-test-spark-3.5.txt (under
# python/constraints-test-spark-3.5.txt) for Spark 3.5, and this project's package.

# ensure_python_packages ROOT: creates or updates BUILD_DIR/python-venv with the line's pinned
# packages (not this project's package, which needs the jar). Needs spark_line_init (BUILD_DIR,
# SPARK_LINE).
ensure_python_packages() {
  local root="$1" venv="$BUILD_DIR/python-venv" suffix=""
  [ "$SPARK_LINE" = 3.5 ] && suffix="-spark-3.5"
  local requirements="$root/python/requirements-test$suffix.txt"
  local constraints="$root/python/constraints-test$suffix.txt"
  local stamp="$venv/.requirements.sha256" want
  want="$(cat "$requirements" "$constraints" | sha256sum | cut -d' ' -f1)"
  if [ ! -x "$venv/bin/python" ]; then
    echo "== creating the Python environment $venv"
    python3 -m venv "$venv"
  fi
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    echo "== installing the pinned Python packages (${requirements#"$root"/})"
    "$venv/bin/python" -m pip install -q --disable-pip-version-check \
      -r "$requirements" -c "$constraints"
    echo "$want" >"$stamp"
  fi
}

# ensure_python_env ROOT: ensure_python_packages, then installs the package ./python into the
# venv with the library jar just built (in BUILD_DIR). Sets PYTHON to its python.
ensure_python_env() {
  local root="$1" venv="$BUILD_DIR/python-venv"
  ensure_python_packages "$root" || return
  local jar
  jar="$(ls "$BUILD_DIR"/spark-backprop_*-SNAPSHOT.jar "$BUILD_DIR"/spark-backprop_*[0-9].jar \
    2>/dev/null | grep -v -e '-examples.jar' -e '-sources.jar' | head -n 1 || true)"
  echo "== installing the sparkbackprop package (pip install ./python)${jar:+ with $jar}"
  # built from a copy: pip builds in the source folder, and two lines may install at once
  local copy status=0
  copy="$(mktemp -d)"
  cp -r "$root/python" "$copy/python"
  SPARKBACKPROP_JAR="$jar" "$venv/bin/python" -m pip install -q --disable-pip-version-check \
    --no-deps --force-reinstall "$copy/python" || status=$?
  rm -rf "$copy"
  [ "$status" = 0 ] || return "$status"
  PYTHON="$venv/bin/python"
  export PYTHON
}
