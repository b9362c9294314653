# shellcheck shell=bash
# Sourced by scripts/run-example and .ci/run: installs Debian packages only when missing.

# ensure_debian_packages PKG...: installs the PKGs that are not installed yet, with apt-get as
# root, or through sudo when not root. Returns non-zero (with a message) when it cannot.
ensure_debian_packages() {
  local missing=() pkg
  if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "!! not a Debian system (no dpkg-query): cannot install $*; install them yourself" >&2
    return 1
  fi
  for pkg in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$pkg")
    fi
  done
  if [ "${#missing[@]}" -eq 0 ]; then
    echo "== Debian packages present: $*"
    return 0
  fi
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
      sudo=(sudo)
    else
      echo "!! missing Debian packages ${missing[*]}, and not root nor sudo available:" >&2
      echo "!!   as root run: apt-get update && apt-get install -y ${missing[*]}" >&2
      return 1
    fi
  fi
  echo "== installing Debian packages: ${missing[*]}"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    "${missing[@]}"
}
