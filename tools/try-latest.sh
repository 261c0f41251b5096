#!/usr/bin/env bash
# What breaks if the lock moves forward now? Run by hand before `tools/lock.sh --upgrade`; never in CI.
# Resolves the newest versions the bounds in pyproject.toml allow (tools/lock.sh --upgrade into a temporary
# folder: requirements/ is not touched), prints which packages differ from the lock, installs them into a
# throwaway virtual environment the way tools/bootstrap.sh installs the lock, then runs the lint, the layer
# contracts and the tests there and says what broke.
#
#   tools/try-latest.sh                    the whole test suite (many minutes of CPU)
#   tools/try-latest.sh tests/unit -x      pytest arguments instead of the whole suite
#   tools/try-latest.sh --keep …           keep the throwaway environment and the new lock files
#
# Exit code: 0 when everything passed with the newest versions, 1 when something broke.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}

keep=false
if [ "${1:-}" = --keep ]; then keep=true; shift; fi
work=$(mktemp -d -t evidence-station-latest.XXXXXX)
if $keep; then
  echo "try-latest: keeping $work (new lock files in $work/requirements, environment in $work/venv)" >&2
else
  trap 'rm -rf "$work"' EXIT
fi

echo "try-latest: resolving the newest versions pyproject.toml allows" >&2
bash tools/lock.sh --upgrade --output-dir "$work/requirements"

echo "try-latest: packages that differ from the lock (requirements/test.txt -> newest):" >&2
"$PYTHON" - requirements/test.txt "$work/requirements/test.txt" <<'EOF'
import re, sys

def pins(path):
    found = {}
    for line in open(path, encoding="utf-8"):
        match = re.match(r"([A-Za-z0-9][A-Za-z0-9._-]*)==([^ ;\\]+)", line)
        if match:
            found.setdefault(match[1].lower(), set()).add(match[2])
    return found

locked, latest = pins(sys.argv[1]), pins(sys.argv[2])
rows = []
for name in sorted(locked.keys() | latest.keys()):
    old, new = ", ".join(sorted(locked.get(name, ()))) or "-", ", ".join(sorted(latest.get(name, ()))) or "-"
    if old != new:
        rows.append(f"  {name:32} {old:>16} -> {new}")
print("\n".join(rows) if rows else "  none: the lock is already the newest", file=sys.stderr)
EOF

echo "try-latest: installing them into a throwaway environment" >&2
"$PYTHON" -m venv "$work/venv"
{
  "$work/venv/bin/python" -m pip install -q --disable-pip-version-check --require-hashes --only-binary :all: \
    -r "$work/requirements/test.txt" &&
  "$work/venv/bin/python" -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .
} >"$work/install.log" 2>&1 || { cat "$work/install.log" >&2; echo "try-latest: the install BROKE" >&2; exit 1; }

broke=()
"$work/venv/bin/ruff" check . >&2 || broke+=("ruff check")
"$work/venv/bin/lint-imports" --no-cache >"$work/lint-imports.log" 2>&1 || {
  cat "$work/lint-imports.log" >&2
  broke+=("lint-imports")
}
[ $# -gt 0 ] || set -- tests
echo "try-latest: pytest $* (newest versions)" >&2
set +e
QT_QPA_PLATFORM=offscreen "$work/venv/bin/python" -m pytest -p no:cacheprovider -o timeout_method=thread -q \
  -rfE "$@" 2>&1 | tee "$work/pytest.log"
status=${PIPESTATUS[0]}
set -e
if [ "$status" -ne 0 ]; then
  broke+=("pytest (exit $status)")
fi

echo >&2
if [ "${#broke[@]}" -eq 0 ]; then
  echo "try-latest: everything passed with the newest versions: tools/lock.sh --upgrade moves the lock there." >&2
  exit 0
fi
echo "try-latest: BROKE with the newest versions: ${broke[*]}" >&2
grep -E '^(FAILED|ERROR) ' "$work/pytest.log" | head -n 40 >&2 || true
exit 1
