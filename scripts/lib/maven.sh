# shellcheck shell=bash
# Sourced by every script that runs Maven for a newcomer, and by those that read the pom's
# properties (pom_property, spark_jvm_flags): one way to call Maven that shows what it
# downloads as progress (a first run from an empty local repository fetches about 450 MB per
# Spark line, which -q would hide behind minutes of silence, and Maven's own output shows as
# a thousand lines), and shows Maven's errors, and where its whole log is, when it fails.

# pom_property ROOT NAME: prints the value of the property NAME of ROOT/pom.xml (written on one
# line); nothing if it has none.
pom_property() {
  sed -n "s:.*<$2>\(.*\)</$2>.*:\1:p" "$1/pom.xml"
}

# spark_jvm_flags ROOT: prints the JVM flags Spark needs on Java 17 (the pom's spark.jvm.flags
# property, their one copy); fails with a message if it cannot read them.
spark_jvm_flags() {
  local flags
  flags="$(pom_property "$1" spark.jvm.flags)"
  if [ -z "$flags" ]; then
    echo "!! cannot read the spark.jvm.flags property from $1/pom.xml" >&2
    return 1
  fi
  echo "$flags"
}

# maven ARGS...: runs `mvn -B ARGS` (with MVN_ARGS, extra Maven arguments, after the others).
# Prints "== Maven: downloaded N files (M MB) ..." when downloading starts, every 100 files and
# at the end; nothing else unless it fails, when it prints Maven's [ERROR] lines and keeps its
# whole log. Returns Maven's exit status.
maven() {
  local log status
  log="$(mktemp "${TMPDIR:-/tmp}/maven.XXXXXX.log")"
  # shellcheck disable=SC2086 # MVN_ARGS is a list of words on purpose
  mvn -B -Dstyle.color=never "$@" ${MVN_ARGS:-} 2>&1 | tee "$log" | awk '
    # "[INFO] Downloaded from central: URL (6.1 kB at 12 kB/s)": count the files and their size
    { gsub(/\033\[[0-9;]*m/, "") }
    /^\[INFO\] Downloaded from [^:]+: / {
      files++
      if (match($0, /\(([0-9.]+) (B|kB|MB|GB) at /)) {
        split(substr($0, RSTART + 1, RLENGTH - 1), size, " ")
        scale = size[2] == "GB" ? 1e9 : size[2] == "MB" ? 1e6 : size[2] == "kB" ? 1e3 : 1
        bytes += size[1] * scale
      }
      n = split($5, parts, "/")
      latest = parts[n]
      if (files == 1 || files % 100 == 0) {
        printf "== Maven: downloaded %d files (%.0f MB) so far, latest %s\n", files, bytes / 1e6, latest
        fflush()
      }
    }
    END {
      if (files > 0) {
        printf "== Maven: downloaded %d files (%.0f MB) into the local repository\n", files, bytes / 1e6
      }
    }'
  status="${PIPESTATUS[0]}"
  if [ "$status" != 0 ]; then
    grep -E '^\[ERROR\]' "$log" | head -n 60 >&2
    echo "!! mvn $* failed (exit status $status); its whole output is in $log" >&2
    offline_misses "$log" >&2
  else
    rm -f "$log"
  fi
  return "$status"
}

# offline_misses LOG: names each artifact that an offline Maven run (mvn -o) in LOG needed but
# did not find in the local repository: what an earlier online step should have downloaded.
offline_misses() {
  grep -oE 'the artifact [^ ]+ has not been downloaded from it before' "$1" 2>/dev/null \
    | sort -u | while read -r _ _ artifact _; do
      echo "!! offline, Maven needed $artifact, which no earlier step downloaded: a step" \
        "depends on what another run left in the local repository (see scripts/test," \
        "'resolve and build')"
    done
}
