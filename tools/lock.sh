#!/usr/bin/env bash
# Regenerates the lock in requirements/: exact versions with their hashes of everything pyproject.toml
# declares, plus the build backend ([build-system] requires) and pip, so that installs never resolve an
# unpinned version. One resolution for CPython 3.11 on every platform (Linux, Windows, macOS) by
# `uv pip compile --universal`; the tool itself is pinned (UV_VERSION below, hashes in requirements/uv.txt).
#
#   tools/lock.sh                          re-lock after editing pyproject.toml: keeps every locked version
#                                          that still fits, adds what is new (same inputs -> same output)
#   tools/lock.sh --upgrade                move everything to the newest versions the bounds allow
#   tools/lock.sh --upgrade-package NAME   move NAME forward (repeatable); the rest stays
#   tools/lock.sh --check                  exit 1 if re-locking would change requirements/ (needs the index)
#   tools/lock.sh --output-dir DIR         write the lock files to DIR instead (tools/try-latest.sh uses it)
#   tools/lock.sh --fingerprint            print the fingerprint of pyproject.toml's dependencies (offline)
#
# Reproducible: without --upgrade the resolver prefers the versions already locked and sees only files
# published before the lock's `exclude-newer` time (in each file's header); --upgrade moves that time to now.
# After moving the lock: tools/try-latest.sh shows what changed, tools/run-tests.sh installs and tests it.
set -euo pipefail
cd "$(dirname "$0")/.."

UV_VERSION=0.13.9
PYTHON_VERSION=3.11
LOCK_DIR=requirements
PYTHON=${PYTHON:-python3}

# The install sets: name -> extras of pyproject.toml (the app's own dependencies are in every set).
SETS=(test app package)
declare -A EXTRAS=(
  [test]="test postgres pkcs11"
  [app]="postgres"
  [package]="postgres pkcs11 package"
)
declare -A PURPOSE=(
  [test]="development and CI: the app, its test tools, PostgreSQL and PKCS#11 support (tools/bootstrap.sh)"
  [app]="running the station (e.g. a service account): the app with PostgreSQL support"
  [package]="the PyInstaller build (make package-tools, installers/windows/README.md)"
)

fingerprint() {
  # sha256 of what pyproject.toml asks for: dependencies, every extra, the build backend. Comments,
  # ordering of extras and the rest of the file do not count.
  "$PYTHON" - <<'EOF'
import hashlib, json, tomllib
data = tomllib.load(open("pyproject.toml", "rb"))
inputs = {
    "dependencies": data["project"].get("dependencies", []),
    "optional-dependencies": data["project"].get("optional-dependencies", {}),
    "build-system": data.get("build-system", {}).get("requires", []),
}
print(hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest())
EOF
}

tool_requirements() {
  # The build backend (to install the project with --no-build-isolation) and the installer itself.
  "$PYTHON" - <<'EOF'
import tomllib
for requirement in tomllib.load(open("pyproject.toml", "rb"))["build-system"]["requires"]:
    print(requirement)
print("pip")
EOF
}

upgrade=()
out_dir=$LOCK_DIR
check=false
while [ $# -gt 0 ]; do
  case "$1" in
    --upgrade|-U) upgrade+=(--upgrade) ;;
    --upgrade-package|-P) shift; upgrade+=(--upgrade-package "${1:?--upgrade-package needs a NAME}") ;;
    --upgrade-package=*) upgrade+=(--upgrade-package "${1#*=}") ;;
    --output-dir) shift; out_dir=${1:?--output-dir needs a DIR} ;;
    --check) check=true ;;
    --fingerprint) fingerprint; exit 0 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "lock: unknown argument $1 (see tools/lock.sh --help)" >&2; exit 2 ;;
  esac
  shift
done

# The pinned lock tool, in its own virtual environment (.venv-lock), installed from its own lock.
UV=.venv-lock/bin/uv
if [ ! -x "$UV" ] || [ "$("$UV" --version | cut -d' ' -f2)" != "$UV_VERSION" ]; then
  "$PYTHON" -m venv --clear .venv-lock
  if grep -q "^uv==$UV_VERSION " "$LOCK_DIR/uv.txt" 2>/dev/null; then
    .venv-lock/bin/python -m pip install -q --require-hashes --only-binary :all: -r "$LOCK_DIR/uv.txt"
  else
    echo "lock: installing uv==$UV_VERSION by version (new pin; $LOCK_DIR/uv.txt gets its hashes now)" >&2
    .venv-lock/bin/python -m pip install -q --only-binary :all: "uv==$UV_VERSION"
  fi
fi

# Same inputs -> same output: keep the cut-off time of the lock unless moving forward on purpose.
exclude_newer=""
[ ! -f "$LOCK_DIR/test.txt" ] || exclude_newer=$(sed -n 's/^# exclude-newer: //p' "$LOCK_DIR/test.txt" | head -n 1)
if [ "${#upgrade[@]}" -gt 0 ] || [ -z "$exclude_newer" ]; then
  exclude_newer=$(date -u +%Y-%m-%dT%H:%M:%SZ)
fi

if $check; then
  out_dir=$(mktemp -d)
  trap 'rm -rf "$out_dir"' EXIT
fi
mkdir -p "$out_dir"
if [ "$out_dir" != "$LOCK_DIR" ]; then
  # The locked versions are the resolver's preferences wherever the files are written.
  for name in "${SETS[@]}" uv; do
    if [ -f "$LOCK_DIR/$name.txt" ] && [ ! -f "$out_dir/$name.txt" ]; then cp "$LOCK_DIR/$name.txt" "$out_dir/"; fi
  done
fi

inputs_fingerprint=$(fingerprint)
compile_flags=(--universal --python-version "$PYTHON_VERSION" --fork-strategy fewest --no-build --generate-hashes)
export UV_NO_CONFIG=1 UV_CUSTOM_COMPILE_COMMAND=tools/lock.sh
unset UV_EXCLUDE_NEWER UV_CONSTRAINT UV_OVERRIDE UV_RESOLUTION UV_PRERELEASE

compile_set() {  # compile_set NAME [uv pip compile arguments...]
  local name=$1 file="$out_dir/$1.txt" body
  shift
  body=$(mktemp)
  # uv reads the old file for its preferences; the header is put back on afterwards.
  "$UV" pip compile --quiet --no-progress --no-header "${compile_flags[@]}" --exclude-newer "$exclude_newer" \
    "${upgrade[@]}" -o "$file" "$@"
  # Wherever it was written, the file names the constraint file as it is in the repository.
  sed "s#-c $out_dir/#-c $LOCK_DIR/#" "$file" > "$body"
  {
    echo "# Evidence Station lock: ${PURPOSE[$name]:-the lock tool used by tools/lock.sh}."
    echo "# Generated by tools/lock.sh; do not edit. Same versions again: tools/lock.sh;"
    echo "# forward on purpose: tools/lock.sh --upgrade (or --upgrade-package NAME), then tools/try-latest.sh."
    if [ -n "${EXTRAS[$name]:-}" ]; then
      echo "# Install: pip install --require-hashes --only-binary :all: -r $LOCK_DIR/$name.txt"
      echo "#          pip install --no-deps --no-build-isolation -e .   (or . without -e)"
      echo "# extras: ${EXTRAS[$name]}"
      echo "# pyproject-fingerprint: $inputs_fingerprint"
    fi
    echo "# resolver: uv $UV_VERSION pip compile ${compile_flags[*]}"
    echo "# exclude-newer: $exclude_newer"
    echo "# ---"
    cat "$body"
  } > "$file"
  rm -f "$body"
}

# test.txt is the widest set; the others are constrained by it, so a package has one version everywhere.
for name in "${SETS[@]}"; do
  extras=()
  for extra in ${EXTRAS[$name]}; do extras+=(--extra "$extra"); done
  constraints=()
  [ "$name" = test ] || constraints=(-c "$out_dir/test.txt")
  tool_requirements | compile_set "$name" pyproject.toml - "${extras[@]}" "${constraints[@]}"
done
echo "uv==$UV_VERSION" | compile_set uv -

if $check; then
  if diff -r -q -x '*.in' "$LOCK_DIR" "$out_dir" >/dev/null; then
    echo "lock: $LOCK_DIR/ is up to date with pyproject.toml" >&2
  else
    diff -r -u "$LOCK_DIR" "$out_dir" | head -n 80 >&2 || true
    echo "lock: $LOCK_DIR/ is out of date: run tools/lock.sh" >&2
    exit 1
  fi
else
  echo "lock: wrote ${SETS[*]/%/.txt} uv.txt to $out_dir/ (exclude-newer $exclude_newer)" >&2
fi
