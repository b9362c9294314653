# shellcheck shell=bash
# Sourced by the scripts that run the project's code (run-example, bench, test-python): the one
# place that builds what they run, for the Spark line of lib/spark-line.sh, through lib/maven.sh
# (downloads shown as progress). Needs spark_line_init (SPARK_LINE, LINE_MVN_ARGS, BUILD_DIR).
#
# SKIP_BUILD=1 reuses the last build of the line when there is one.

# shellcheck source=maven.sh
source "$(dirname "${BASH_SOURCE[0]}")/maven.sh"

# build_runtime_classpath ROOT: compiles the library, the examples and the benchmark for the line
# (test-compile), and writes the class path they run with to BUILD_DIR/classpath.txt. Sets
# RUNTIME_CLASSPATH: the line's test classes, classes and that class path.
build_runtime_classpath() {
  local root="$1" classpath_file="$BUILD_DIR/classpath.txt"
  if [ "${SKIP_BUILD:-0}" = 1 ] && [ -s "$classpath_file" ]; then
    echo "== SKIP_BUILD=1: reusing the last build in $BUILD_DIR"
  else
    echo "== building for Spark $SPARK_LINE (mvn $LINE_MVN_ARGS test-compile) and resolving the" \
      "runtime class path"
    (cd "$root" && maven "$LINE_MVN_ARGS" -DskipTests test-compile dependency:build-classpath \
      -Dmdep.outputFile="$classpath_file" -Dmdep.includeScope=test) || return
  fi
  RUNTIME_CLASSPATH="$BUILD_DIR/test-classes:$BUILD_DIR/classes:$(cat "$classpath_file")"
}

# build_library_jar ROOT: builds the line's library jar (mvn package -DskipTests), unless
# SKIP_BUILD=1 and the jar is there.
build_library_jar() {
  local root="$1"
  if [ "${SKIP_BUILD:-0}" = 1 ] && ls "$BUILD_DIR"/spark-backprop_*.jar >/dev/null 2>&1; then
    echo "== SKIP_BUILD=1: reusing the library jar in $BUILD_DIR"
    return 0
  fi
  echo "== building the library jar for Spark $SPARK_LINE (mvn $LINE_MVN_ARGS package -DskipTests)"
  (cd "$root" && maven "$LINE_MVN_ARGS" -DskipTests package)
}

