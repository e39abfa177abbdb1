#!/usr/bin/env bash
# Installs what the browser checks need; idempotent and quiet on success.
#  - Debian's chromium (/usr/bin/chromium), if missing (never a browser from npm);
#  - the npm packages of package-lock.json (npm ci), if node_modules is missing or
#    older than the lock file. Install scripts are skipped: vnu-jar's would try to
#    download a JRE when no java ≥ 11 is found; we use the system java instead.
# java (≥ 11) must be on PATH for vnu.mjs; it is installed from Debian if missing.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

run() {
  if ! "$@" >>"$log" 2>&1; then
    cat "$log" >&2
    echo "setup.sh: failed: $*" >&2
    exit 1
  fi
}

sudo_if_needed() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

apt_packages=()
[ -x /usr/bin/chromium ] || apt_packages+=(chromium)
command -v java >/dev/null 2>&1 || apt_packages+=(default-jre-headless)
if [ "${#apt_packages[@]}" -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  run sudo_if_needed apt-get update -qq
  run sudo_if_needed apt-get install -y -qq "${apt_packages[@]}"
fi

cd "$here"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ] \
   || [ ! -f node_modules/.package-lock.json ]; then
  run npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
  touch node_modules
fi
