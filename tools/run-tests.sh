#!/usr/bin/env bash
# The whole test suite on a fresh machine: install what is missing, then lint, check the layer
# contracts, type-check the core and the services (mypy) and run every test (unit, GUI offscreen,
# end-to-end, and tests/browser: the disc's VERIFY.html in the system Chromium, `-m browser` selects
# them) on the SQLite catalogue; then the unit tests again on a throwaway PostgreSQL server
# (tools/postgres-ci.sh). Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/bootstrap.sh
export QT_QPA_PLATFORM=offscreen
.venv/bin/ruff check .
.venv/bin/lint-imports --no-cache
.venv/bin/mypy  # strict on evidence_station/domain and services ([tool.mypy] in pyproject.toml)
if pg_url=$(bash tools/postgres-ci.sh 2>/tmp/evidence-station-postgres-ci.log); then
  export EVIDENCE_STATION_TEST_PG_URL="$pg_url"
else
  reason="PostgreSQL could not start: $(tail -n 1 /tmp/evidence-station-postgres-ci.log)"
  echo "run-tests: $reason — PostgreSQL tests will be skipped" >&2
  export EVIDENCE_STATION_TEST_PG_SKIP_REASON="$reason"
fi
.venv/bin/python -m pytest "$@"
if [ -n "${EVIDENCE_STATION_TEST_PG_URL:-}" ]; then
  echo "run-tests: the unit tests again, on PostgreSQL" >&2
  .venv/bin/python -m pytest --backend postgres "${@:-tests/unit}"
fi
# The packages (minutes and ~1 GB: PyInstaller build, .deb, install and start) only in CI or on request.
if [ "${CI:-}" = true ] || [ "${EVIDENCE_STATION_PACKAGE_TESTS:-}" = 1 ]; then
  echo "run-tests: building and smoke-testing the packages (make package smoke)" >&2
  make package smoke
fi
