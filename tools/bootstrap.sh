#!/usr/bin/env bash
# Installs everything Evidence Station needs on a Debian-family machine, idempotently:
# the system packages in tools/system-packages.txt (apt-get, as root or through sudo) and a Python
# virtual environment in .venv with the project and its test tools. Quick when nothing changed.
# The Python packages come only from the lock (requirements/test.txt: exact versions with hashes, made by
# tools/lock.sh), never from a fresh resolution; they are installed again whenever pyproject.toml or a
# lock file changes. `tools/bootstrap.sh --print-stamp` prints that fingerprint and does nothing else.
set -euo pipefail
cd "$(dirname "$0")/.."

LOCK=requirements/test.txt
install_stamp() {
  # What the installed .venv was made from: pyproject.toml and every lock file (names and contents).
  sha256sum pyproject.toml requirements/*.txt | sha256sum | cut -d' ' -f1
}
if [ "${1:-}" = --print-stamp ]; then
  install_stamp
  exit 0
fi

mapfile -t wanted < <(grep -vE '^\s*(#|$)' tools/system-packages.txt)
# A package counts as present when it is installed or an installed package provides it (nodesource's nodejs
# provides npm and conflicts with Debian's: asking apt for npm there would fail).
present=$(dpkg-query -W -f='${db:Status-Abbrev}|${Package},${Provides}\n' 2>/dev/null \
  | awk -F'|' '$1 ~ /^ii/ {print $2}' | tr ',' '\n' | sed -E 's/\(.*\)//; s/:.*//; s/[[:space:]]//g' | sort -u \
  || true)
missing=()
for pkg in "${wanted[@]}"; do
  grep -qxF "$pkg" <<<"$present" || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "bootstrap: please install these packages with your system's package manager: ${missing[*]}" >&2
    exit 1
  fi
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "bootstrap: installing system packages: ${missing[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.evidence-station-installed
want=$(install_stamp)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "bootstrap: installing Python packages into .venv from $LOCK" >&2
  # Wheels only, each checked against its hash; then the project itself with the locked build backend.
  .venv/bin/python -m pip install -q --disable-pip-version-check --require-hashes --only-binary :all: -r "$LOCK"
  .venv/bin/python -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .
  echo "$want" > "$stamp"
fi
