#!/usr/bin/env bash
# The whole test suite on a fresh machine: install what is missing, then lint, check the layer
# contracts and run every test (unit, GUI offscreen, end-to-end). Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/bootstrap.sh
export QT_QPA_PLATFORM=offscreen
.venv/bin/ruff check .
.venv/bin/lint-imports --no-cache
.venv/bin/python -m pytest "$@"
