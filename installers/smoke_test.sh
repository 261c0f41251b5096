#!/usr/bin/env bash
# Smoke test of the packaged program (make smoke). Fails on the first error.
#
#     bash installers/smoke_test.sh [FROZEN_DIR] [DEB]
#
# 1. The frozen folder (default dist/evidence-station): --version; --self-check (bundled translation, PDF
#    font and libvlc, and a demo video played); the CLI round trip init → user add → demo-card → import →
#    verify → case add/attach → export (ISO) → verify-disc on a temporary home; `gui --smoke-test`
#    offscreen and, when xvfb-run exists, on a real X server.
# 2. The .deb (when given and SMOKE_INSTALL is not 0): installs it into this machine with apt-get (which
#    resolves its Depends), runs /usr/bin/evidence-station --version, --self-check and gui --smoke-test,
#    validates the installed .desktop, then removes the package and checks the user's data survived.
#    Needs root or sudo. Refuses to touch an evidence-station package that was installed before the test
#    (SMOKE_FORCE=1 to override).
set -euo pipefail
cd "$(dirname "$0")/.."
FROZEN=${1:-dist/evidence-station}
DEB=${2:-}
WORK=$(mktemp -d /tmp/evidence-station-smoke.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
export EVIDENCE_STATION_PASSWORD='Smoke-test-pass-1'
export HOME="$WORK/user-home" XDG_CACHE_HOME="$WORK/user-home/.cache"
mkdir -p "$HOME"
printf '%s' "$EVIDENCE_STATION_PASSWORD" > "$WORK/password"
SECONDS=0

step() { printf '\n[smoke %4ss] %s\n' "$SECONDS" "$*"; }
fail() { echo "SMOKE TEST FAILED: $*" >&2; exit 1; }

# run LABEL COMMAND...: run it, show its output, fail on a non-zero status or a Python traceback.
run() {
  local label=$1; shift
  local log="$WORK/$label.log"
  local status=0
  "$@" >"$log" 2>&1 || status=$?
  if [ "$status" -ne 0 ]; then
    cat "$log"; fail "$label exited with status $status ($*)"
  fi
  cat "$log"
  if grep -q "Traceback (most recent call last)" "$log"; then fail "$label printed a Python traceback"; fi
}

round_trip() {
  local program=$1 home=$2
  run init "$program" --home "$home" init --admin admin --station-name "Smoke test station"
  run user-add "$program" --home "$home" --user admin user add keeper --role custodian \
    --display-name "Smoke custodian" --password-file "$WORK/password"
  rm -rf "$WORK/card"
  run demo-card "$program" --home "$home" demo-card --seed 7 "$WORK/card"
  run import "$program" --home "$home" --user keeper import "$WORK/card"
  run verify "$program" --home "$home" --user keeper --json verify
  grep -q '"ok": true' "$WORK/verify.log" || fail "verify did not report ok"
  grep -q '"problems": \[\]' "$WORK/verify.log" || fail "verify reported problems"
  # An evidence disc: signed PDFs, CMS manifest and the ISO writer, then its independent verification.
  run clerk-add "$program" --home "$home" --user admin user add scribe --role clerk --password-file "$WORK/password"
  run case-add "$program" --home "$home" --user scribe case add "Smoke test case"
  run case-attach "$program" --home "$home" --user scribe case attach 1 1 2 3
  run export "$program" --home "$home" --user scribe export 1 --producer scribe --extractor keeper \
    --out "$WORK/case1.iso"
  run verify-disc "$program" --home "$home" verify-disc "$WORK/case1.iso"
  grep -q "OK: the disc verifies" "$WORK/verify-disc.log" || fail "verify-disc did not confirm the disc"
  rm -f "$WORK/case1.iso"
}

gui_smoke() {
  local program=$1 home=$2
  QT_QPA_PLATFORM=offscreen run gui-offscreen "$program" --home "$home" gui --smoke-test
  if command -v xvfb-run >/dev/null 2>&1; then
    # The real xcb platform plugin: catches a missing libxcb-* dependency that offscreen would hide.
    env -u QT_QPA_PLATFORM xvfb-run -a "$program" --home "$home" gui --smoke-test >"$WORK/gui-x11.log" 2>&1 \
      || { cat "$WORK/gui-x11.log"; fail "gui --smoke-test under Xvfb failed"; }
    cat "$WORK/gui-x11.log"
    grep -q "Traceback (most recent call last)" "$WORK/gui-x11.log" && fail "gui under Xvfb printed a traceback"
  fi
  return 0
}

self_check() {
  local program=$1
  local video
  video=$(find "$WORK/card" -name 'Z8A0001_*_0001.MP4' | head -n 1)
  [ -n "$video" ] || fail "the demo card has no video to play"
  QT_QPA_PLATFORM=offscreen run self-check "$program" --self-check "$video"
}

step "frozen program: $FROZEN"
[ -x "$FROZEN/evidence-station" ] || fail "$FROZEN/evidence-station is missing (make frozen)"
run version "$FROZEN/evidence-station" --version
step "CLI round trip (init, user add, demo-card, import, verify, case, export, verify-disc)"
round_trip "$FROZEN/evidence-station" "$WORK/home-frozen"
step "self-check: bundled translation, PDF font, libvlc playback"
self_check "$FROZEN/evidence-station"
step "gui --smoke-test"
gui_smoke "$FROZEN/evidence-station" "$WORK/home-frozen"
step "frozen program passed"

if [ -z "$DEB" ] || [ "${SMOKE_INSTALL:-1}" = 0 ]; then
  echo "smoke: no .deb given (or SMOKE_INSTALL=0): package installation not tested"
  exit 0
fi
[ -f "$DEB" ] || fail "$DEB is missing (make deb)"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || fail "installing $DEB needs root or sudo (or SMOKE_INSTALL=0)"
  SUDO="sudo"
fi
if dpkg-query -W -f='${Status}' evidence-station 2>/dev/null | grep -q "install ok installed" \
    && [ "${SMOKE_FORCE:-0}" != 1 ]; then
  fail "evidence-station is already installed here; the smoke test will not replace or remove it (SMOKE_FORCE=1)"
fi
step "installing $DEB"
DEB_PATH=$(realpath "$DEB")
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$DEB_PATH" \
  >"$WORK/apt.log" 2>&1 || { cat "$WORK/apt.log"; fail "apt-get could not install $DEB"; }
trap '$SUDO dpkg --purge evidence-station >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT
[ -x /usr/bin/evidence-station ] || fail "/usr/bin/evidence-station was not installed"
run installed-version /usr/bin/evidence-station --version
if command -v desktop-file-validate >/dev/null 2>&1; then
  run desktop-validate desktop-file-validate /usr/share/applications/cn.evidencestation.EvidenceStation.desktop
fi
[ -f /usr/share/icons/hicolor/48x48/apps/evidence-station.png ] || fail "the 48 px icon was not installed"
step "installed program: round trip, self-check, gui --smoke-test"
round_trip /usr/bin/evidence-station "$HOME/station"
self_check /usr/bin/evidence-station
gui_smoke /usr/bin/evidence-station "$HOME/station"
step "removing the package"
$SUDO dpkg --purge evidence-station >"$WORK/purge.log" 2>&1 || { cat "$WORK/purge.log"; fail "dpkg --purge failed"; }
[ ! -e /opt/evidence-station ] || fail "/opt/evidence-station is left over after removal"
[ ! -e /usr/bin/evidence-station ] || fail "/usr/bin/evidence-station is left over after removal"
[ -f "$HOME/station/settings.json" ] || [ -n "$(ls -A "$HOME/station")" ] || fail "removing the package removed user data"
step "package installed, started and removed cleanly"
