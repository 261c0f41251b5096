#!/usr/bin/env bash
# Installs everything Evidence Station needs on a Debian-family machine, idempotently:
# the system packages in tools/system-packages.txt (apt-get, as root or through sudo) and a Python
# virtual environment in .venv with the project and its test tools. Quick when nothing changed.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

mapfile -t wanted < <(grep -vE '^\s*(#|$)' tools/system-packages.txt)
missing=()
for pkg in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
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
want=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "bootstrap: installing Python packages into .venv" >&2
  .venv/bin/python -m pip install -q --upgrade pip >/dev/null
  .venv/bin/python -m pip install -q -e "$ROOT[test,postgres]"
  echo "$want" > "$stamp"
fi
