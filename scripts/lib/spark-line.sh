# shellcheck shell=bash
# Sourced by the scripts that build or run the project: which Spark line to build for and run on,
# from SPARK_LINE (3.5, 4.0, 4.1 or 4.2; default 4.0), and where that line's build lives.
#
# After spark_line_init ROOT:
#   SPARK_LINE      the line (default 4.0)
#   LINE_MVN_ARGS   the Maven profile of the line (-Pspark-3.5, ...), for every mvn call
#   BUILD_DIR       the line's build folder: ROOT/target for 4.0, ROOT/target/spark-LINE for the
#                   others, so that two lines' classes, jars and Spark homes never mix
#   SCALA_BINARY    the line's Scala binary version (2.12 for 3.5, 2.13 for 4.x)

spark_line_init() {
  local root="$1"
  SPARK_LINE="${SPARK_LINE:-4.0}"
  case "$SPARK_LINE" in
    3.5) SCALA_BINARY=2.12 ;;
    4.0|4.1|4.2) SCALA_BINARY=2.13 ;;
    *)
      echo "!! SPARK_LINE=$SPARK_LINE is not a Spark line this project builds for;" \
        "use 3.5, 4.0 (the default), 4.1 or 4.2" >&2
      return 2
      ;;
  esac
  LINE_MVN_ARGS="-Pspark-$SPARK_LINE"
  if [ "$SPARK_LINE" = 4.0 ]; then
    BUILD_DIR="$root/target"
  else
    BUILD_DIR="$root/target/spark-$SPARK_LINE"
  fi
  export SPARK_LINE
}
