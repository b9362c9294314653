# shellcheck shell=bash
# Sourced by scripts/spark-submit and scripts/cluster: a Spark installation made of the project's
# Maven-resolved Spark jars (no Spark download), and the environment every Spark JVM needs. The
# Spark line is SPARK_LINE's (3.5, 4.0, 4.1 or 4.2; default 4.0; see lib/spark-line.sh): each
# line has its own Spark home.
#
# After spark_env_init:
#   ROOT         the project folder
#   SPARK_LINE, LINE_MVN_ARGS, BUILD_DIR, SCALA_BINARY   as lib/spark-line.sh sets them
#   SPARK_HOME   BUILD_DIR/spark-home (target/spark-home for 4.0), whose jars/ holds Spark and its
#                dependencies as Maven resolves them for the line's profile (all Spark needs of a
#                SPARK_HOME); no conf/, so the
#                Master, Workers and executors log with Spark's defaults (INFO, to their logs)
#   SPARK_FLAGS  the JVM flags Spark needs on Java 17 (the pom's spark.jvm.flags property)
# and exported SPARK_SCALA_VERSION, SPARK_LOCAL_IP, SPARK_LOCAL_HOSTNAME, OPENBLAS_NUM_THREADS.

spark_env_init() {
  ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  # shellcheck source=spark-line.sh
  source "$ROOT/scripts/lib/spark-line.sh"
  # shellcheck source=maven.sh
  source "$ROOT/scripts/lib/maven.sh"
  spark_line_init "$ROOT" || return
  export SPARK_HOME="$BUILD_DIR/spark-home"
  # Without it, Spark's launcher looks for a source build and executors fail with
  # "Cannot find any build directories".
  export SPARK_SCALA_VERSION="$SCALA_BINARY"
  # Everything on loopback: the driver, the Master, the Workers and the executors.
  export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
  export SPARK_LOCAL_HOSTNAME="${SPARK_LOCAL_HOSTNAME:-127.0.0.1}"
  # One BLAS thread per Spark task (docs/deployment.md, "BLAS and threads"); executors inherit it.
  export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}"

  SPARK_FLAGS="$(spark_jvm_flags "$ROOT")" || return 1

  if ! compgen -G "$SPARK_HOME/jars/spark-core_*.jar" >/dev/null; then
    echo "== $SPARK_HOME/jars is missing: copying Spark $SPARK_LINE's jars from Maven" \
      "(about 300 MB, once)" >&2
    (cd "$ROOT" && maven "$LINE_MVN_ARGS" dependency:copy-dependencies@spark-home) >&2 || {
      echo "!! could not build $SPARK_HOME; run" \
        "'mvn -B $LINE_MVN_ARGS dependency:copy-dependencies@spark-home'" \
        "in $ROOT and look at its errors" >&2
      return 1
    }
  fi
}
