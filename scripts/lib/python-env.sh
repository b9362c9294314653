# shellcheck shell=bash
# Sourced by scripts/test-python and scripts/run-example: the Python environment of the tests
# and Python examples, a virtualenv in target/python-venv with the pinned packages of
# python/requirements-test.txt (under python/constraints-test.txt) and this project's package.

# ensure_python_env ROOT: creates or updates ROOT/target/python-venv and installs the package
# ./python into it with the library jar just built (ROOT/target). Sets PYTHON to its python.
ensure_python_env() {
  local root="$1" venv="$1/target/python-venv"
  local stamp="$venv/.requirements.sha256" want
  want="$(cat "$root/python/requirements-test.txt" "$root/python/constraints-test.txt" \
    | sha256sum | cut -d' ' -f1)"
  if [ ! -x "$venv/bin/python" ]; then
    echo "== creating the Python environment $venv"
    python3 -m venv "$venv"
  fi
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    echo "== installing the pinned Python packages (python/requirements-test.txt)"
    "$venv/bin/python" -m pip install -q --disable-pip-version-check \
      -r "$root/python/requirements-test.txt" -c "$root/python/constraints-test.txt"
    echo "$want" >"$stamp"
  fi
  local jar
  jar="$(ls "$root"/target/spark-backprop_*-SNAPSHOT.jar "$root"/target/spark-backprop_*[0-9].jar \
    2>/dev/null | grep -v -e '-examples.jar' -e '-sources.jar' | head -n 1 || true)"
  echo "== installing the sparkbackprop package (pip install ./python)${jar:+ with $jar}"
  SPARKBACKPROP_JAR="$jar" "$venv/bin/python" -m pip install -q --disable-pip-version-check \
    --no-deps --force-reinstall "$root/python"
  rm -rf "$root/python/build" "$root"/python/*.egg-info
  PYTHON="$venv/bin/python"
  export PYTHON
}
