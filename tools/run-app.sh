#!/usr/bin/env bash
# Install what is missing and start the station. Without EVIDENCE_STATION_HOME a demo home is made in
# ./demo-home with one user per role and a demo camera card in ./demo-home/demo-card ready to import.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/bootstrap.sh
if [ -z "${EVIDENCE_STATION_HOME:-}" ]; then
  export EVIDENCE_STATION_HOME="$PWD/demo-home"
  .venv/bin/python tools/make_demo_home.py "$EVIDENCE_STATION_HOME"
fi
if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ "${QT_QPA_PLATFORM:-}" != "offscreen" ]; then
  echo "No display found: starting on a virtual screen (xvfb-run)." >&2
  exec xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/evidence-station gui "$@"
fi
exec .venv/bin/evidence-station gui "$@"
