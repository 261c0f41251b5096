#!/usr/bin/env bash
# Smoke test of the packaged program (make smoke). Fails on the first error.
#
#     bash installers/smoke_test.sh [FROZEN_DIR] [DEB]
#
# 1. The frozen folder (default dist/evidence-station; SMOKE_FROZEN=0 skips it): --version; --self-check (bundled
#    translation, PDF font and libvlc, and a demo video played); an embedded station's round trip init → user add →
#    demo-card → import (--receipt) → verify → case add/attach → export (ISO) → verify-disc, no output naming a path
#    inside the home; `gui --smoke-test` offscreen and, when xvfb-run exists, on a real X server.
# 2. The .deb (when given and SMOKE_INSTALL is not 0), as root (re-run through sudo otherwise), on a machine where
#    no evidence-station package, account, group or /var/lib/evidence-station exists yet (else it refuses;
#    SMOKE_FORCE=1 lets it replace an installed package, never existing station data):
#    - apt-get install ./x.deb (resolves its Depends); the account evidence-station (system, nologin, home
#      /var/lib/evidence-station, member of evidence-users), the group evidence-users, the home 0700 owned by the
#      account, the unit and /etc/evidence-station/client.json naming the unit's socket, as postinst promises;
#    - the station home prepared as the service account (`init --service`, as README.service.txt says), the key
#      0600 of the account;
#    - the service started as the unit starts it, systemd or not (installers/start_unit_without_systemd.sh: the
#      unit's ExecStart, account, groups, umask, capabilities, runtime directory and file-system protections);
#      the socket 0660 for evidence-users;
#    - a desk user in evidence-users, with no --station and no --home, reaches it through the client file:
#      user add/list, demo-card, import (receipt written at the desk), recordings, verify, audit verify; no output
#      names a path inside the home; that user cannot list the home nor read the catalogue, the vault or the key;
#      a user outside the group is refused (exit 5);
#    - SIGTERM stops the service with exit 0; the service account verifies the home;
#    - apt-get remove, then apt-get purge: the program and (on purge) the client file go, the station data stay
#      byte for byte with their owners and modes, and so do the account and the group (postrm: a package operation
#      never deletes evidence);
#    - the package installed again over the kept station: the data untouched, the service account verifies every
#      original; then the installed program as the desk user: the embedded round trip above (its disc warns that
#      an embedded station signed it), --self-check, gui --smoke-test.
#    Everything the test made (package, data, accounts) is removed at the end (SMOKE_KEEP=1 keeps it).
# Each command gets SMOKE_TIMEOUT seconds (default 900).
set -euo pipefail
cd "$(dirname "$0")/.."
source installers/start_unit_without_systemd.sh
FROZEN=$(realpath -m "${1:-dist/evidence-station}")
DEB=${2:-}
[ -z "$DEB" ] || DEB=$(realpath -m "$DEB")
WORK=$(mktemp -d /tmp/evidence-station-smoke.XXXXXX)
CLEANUP=()  # shell commands run in reverse order at exit
if [ "${SMOKE_KEEP:-0}" = 1 ]; then echo "smoke: SMOKE_KEEP=1: the logs stay in $WORK"; else CLEANUP+=("rm -rf '$WORK'"); fi
trap 'status=$?; for ((undo = ${#CLEANUP[@]} - 1; undo >= 0; undo--)); do eval "${CLEANUP[undo]}" || true; done
      exit $status' EXIT
export EVIDENCE_STATION_PASSWORD='Smoke-test-pass-1'
export HOME="$WORK/user-home" XDG_CACHE_HOME="$WORK/user-home/.cache"
mkdir -p "$HOME"
printf '%s' "$EVIDENCE_STATION_PASSWORD" > "$WORK/password"
SECONDS=0
AS=()  # the command prefix that runs a program as the account under test (empty: this process's account)

step() { printf '\n[smoke %4ss] %s\n' "$SECONDS" "$*"; }
fail() { echo "SMOKE TEST FAILED: $*" >&2; exit 1; }

# run LABEL COMMAND...: run it (from /, with a time limit), show its output, fail on a non-zero status or a
# Python traceback. The output stays in $WORK/LABEL.log.
run() {
  local label=$1; shift
  local log="$WORK/$label.log"
  local status=0
  (cd / && timeout -k 10 "${SMOKE_TIMEOUT:-900}" "$@") >"$log" 2>&1 || status=$?
  cat "$log"
  [ "$status" -eq 0 ] || fail "$label exited with status $status ($*)"
  if grep -q "Traceback (most recent call last)" "$log"; then fail "$label printed a Python traceback"; fi
}

# expect_status LABEL STATUS COMMAND...: like run, but the command must exit with STATUS.
expect_status() {
  local label=$1 want=$2; shift 2
  local log="$WORK/$label.log" status=0
  (cd / && timeout -k 10 "${SMOKE_TIMEOUT:-900}" "$@") >"$log" 2>&1 || status=$?
  cat "$log"
  [ "$status" -eq "$want" ] || fail "$label exited with status $status, not $want ($*)"
  if grep -q "Traceback (most recent call last)" "$log"; then fail "$label printed a Python traceback"; fi
}

# has LABEL TEXT: the output of LABEL holds TEXT.
has() { grep -qF -- "$2" "$WORK/$1.log" || fail "$1: expected to see $2"; }

# no_home_paths HOME LABEL...: no output of these commands names a path inside HOME (CLI.md).
no_home_paths() {
  local home=$1 label; shift
  for label in "$@"; do
    if grep -F -- "$home/" "$WORK/$label.log"; then fail "$label printed a path inside the station home $home"; fi
  done
}

# round_trip PROGRAM HOME FILES: an embedded station in HOME, run as "${AS[@]}", with its card, receipt and disc
# image in FILES (a folder that account may write, holding the password file `password`).
round_trip() {
  local program=$1 home=$2 files=$3
  local p=("${AS[@]}" "$program" --home "$home")
  run init "${p[@]}" --json init --admin admin --station-name "Smoke test station"
  has init '"service": false'
  run user-add "${p[@]}" --user admin user add keeper --role custodian \
    --display-name "Smoke custodian" --password-file "$files/password"
  run demo-card "${AS[@]}" "$program" demo-card --seed 7 "$files/card"
  run import "${p[@]}" --user keeper --json import "$files/card" --receipt "$files/receipt.pdf"
  has import '"status": "completed"'
  has import "\"receipt\": \"$files/receipt.pdf\""
  [ -s "$files/receipt.pdf" ] || fail "import did not write the receipt to $files/receipt.pdf"
  run verify "${p[@]}" --user keeper --json verify
  has verify '"ok": true'
  has verify '"problems": []'
  # An evidence disc: signed PDFs, CMS manifest and the ISO writer, then its independent verification.
  run clerk-add "${p[@]}" --user admin user add scribe --role clerk --password-file "$files/password"
  run case-add "${p[@]}" --user scribe case add "Smoke test case"
  run case-attach "${p[@]}" --user scribe case attach 1 1 2 3
  run export "${p[@]}" --user scribe --json export 1 --producer scribe --extractor keeper --out "$files/case1.iso"
  has export "\"image\": \"$files/case1.iso\""
  has export '"verified": true'
  [ -s "$files/case1.iso" ] || fail "export did not write $files/case1.iso"
  run verify-disc "${AS[@]}" "$program" --json verify-disc "$files/case1.iso"
  has verify-disc '"ok": true'
  has verify-disc '"kind": "unprotected_station"'
  no_home_paths "$home" init user-add import verify clerk-add case-add case-attach export verify-disc
}

gui_smoke() {
  local program=$1 home=$2
  run gui-offscreen "${AS[@]}" env QT_QPA_PLATFORM=offscreen "$program" --home "$home" gui --smoke-test
  if command -v xvfb-run >/dev/null 2>&1; then
    # The real xcb platform plugin: catches a missing libxcb-* dependency that offscreen would hide.
    run gui-x11 "${AS[@]}" env -u QT_QPA_PLATFORM xvfb-run -a "$program" --home "$home" gui --smoke-test
  fi
}

self_check() {
  local program=$1 card=$2 video
  video=$(find "$card" -name 'Z8A0001_*_0001.MP4' | head -n 1)
  [ -n "$video" ] || fail "the demo card has no video to play"
  run self-check "${AS[@]}" env QT_QPA_PLATFORM=offscreen "$program" --self-check "$video"
}

if [ "${SMOKE_FROZEN:-1}" != 0 ]; then
  step "frozen program: $FROZEN"
  [ -x "$FROZEN/evidence-station" ] || fail "$FROZEN/evidence-station is missing (make frozen)"
  run version "$FROZEN/evidence-station" --version
  step "embedded station round trip (init, user add, demo-card, import, verify, case, export, verify-disc)"
  round_trip "$FROZEN/evidence-station" "$WORK/home-frozen" "$WORK"
  step "self-check: bundled translation, PDF font, libvlc playback"
  self_check "$FROZEN/evidence-station" "$WORK/card"
  step "gui --smoke-test"
  gui_smoke "$FROZEN/evidence-station" "$WORK/home-frozen"
  step "frozen program passed"
fi

if [ -z "$DEB" ] || [ "${SMOKE_INSTALL:-1}" = 0 ]; then
  echo "smoke: no .deb given (or SMOKE_INSTALL=0): package installation not tested"
  exit 0
fi
[ -f "$DEB" ] || fail "$DEB is missing (make deb)"
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || fail "installing $DEB needs root or sudo (or SMOKE_INSTALL=0)"
  step "the package part needs root: again through sudo"
  sudo env SMOKE_FROZEN=0 SMOKE_FORCE="${SMOKE_FORCE:-0}" SMOKE_KEEP="${SMOKE_KEEP:-0}" \
    SMOKE_TIMEOUT="${SMOKE_TIMEOUT:-900}" bash "$0" "$FROZEN" "$DEB"
  exit 0
fi

# What the package promises (installers/linux: postinst, the unit, client.json).
SERVICE_USER=evidence-station
DESK_GROUP=evidence-users
STATE=/var/lib/evidence-station
UNIT=/lib/systemd/system/evidence-station.service
CLIENT_FILE=/etc/evidence-station/client.json
DESK_USER=es-smoke-desk
OUTSIDER=es-smoke-other
DESK_HOME=/home/$DESK_USER
DESK=(runuser -u "$DESK_USER" -- env -i PATH=/usr/bin:/bin HOME="$DESK_HOME" LANG=C.UTF-8
      EVIDENCE_STATION_PASSWORD="$EVIDENCE_STATION_PASSWORD")
OTHER=(runuser -u "$OUTSIDER" -- env -i PATH=/usr/bin:/bin HOME=/tmp LANG=C.UTF-8
       EVIDENCE_STATION_PASSWORD="$EVIDENCE_STATION_PASSWORD")
SERVICE=(runuser -u "$SERVICE_USER" -- env -i PATH=/usr/bin:/bin HOME="$STATE" LANG=C.UTF-8
         EVIDENCE_STATION_PASSWORD="$EVIDENCE_STATION_PASSWORD")

mode_owner() { stat -c '%a %U %G' "$1"; }
expect_mode_owner() {  # PATH "MODE USER GROUP"
  local got
  got=$(mode_owner "$1")
  [ "$got" = "$2" ] || fail "$1 is $got, expected $2"
}
# The station data as they are: every path with its type, mode, owner and group, and every file's SHA-256.
snapshot_data() {
  (cd "$STATE" && find . -printf '%y %m %u %g %p\n' | LC_ALL=C sort \
    && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum)
}
expect_data_kept() {  # LABEL: the station data are exactly as in $WORK/data-before
  [ -d "$STATE" ] || fail "$1 removed $STATE: the station data are gone"
  snapshot_data > "$WORK/data-after-$1"
  diff "$WORK/data-before" "$WORK/data-after-$1" || fail "$1 changed the station data in $STATE"
}
expect_account_kept() {
  getent passwd "$SERVICE_USER" >/dev/null || fail "$1 removed the account $SERVICE_USER"
  getent group "$DESK_GROUP" >/dev/null || fail "$1 removed the group $DESK_GROUP"
}
apt() {  # LABEL ARGS...: apt-get, non-interactive
  local label=$1; shift
  run "$label" env DEBIAN_FRONTEND=noninteractive apt-get -y -q --no-install-recommends "$@"
}
SERVICE_PID=
stop_service() {
  [ -n "$SERVICE_PID" ] || return 0
  local signal timeout status=0 i
  signal=$(unit_value "$UNIT" KillSignal)
  timeout=$(unit_value "$UNIT" TimeoutStopSec)
  kill -s "${signal:-SIGTERM}" "$SERVICE_PID" 2>/dev/null || true
  for ((i = 0; i < ${timeout:-90} * 10; i++)); do kill -0 "$SERVICE_PID" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$SERVICE_PID" 2>/dev/null && { kill -KILL "$SERVICE_PID"; echo "the service outlived ${timeout}s; killed"; }
  wait "$SERVICE_PID" || status=$?
  SERVICE_PID=
  rm -rf "/run/$(unit_value "$UNIT" RuntimeDirectory)"  # systemd removes the RuntimeDirectory at stop
  return "$status"
}

step "installing $DEB on a machine without a station"
for tool in runuser setpriv useradd userdel groupdel timeout; do
  command -v "$tool" >/dev/null 2>&1 || fail "the package test needs $tool (util-linux, passwd, coreutils)"
done
if dpkg-query -W -f='${Status}' evidence-station 2>/dev/null | grep -q "install ok installed" \
    && [ "${SMOKE_FORCE:-0}" != 1 ]; then
  fail "evidence-station is already installed here; the smoke test will not replace or remove it (SMOKE_FORCE=1)"
fi
[ ! -e "$STATE" ] || fail "$STATE exists: station data of this machine; the smoke test will not touch them"
for name in "$SERVICE_USER" "$DESK_GROUP"; do
  if getent passwd "$name" >/dev/null || getent group "$name" >/dev/null; then
    fail "the account or group $name exists already; the smoke test needs a machine without them"
  fi
done
if [ "${SMOKE_KEEP:-0}" != 1 ]; then
  # Registered before the install, run in reverse order at exit: whatever this test made goes.
  CLEANUP+=("getent group $DESK_GROUP >/dev/null && groupdel $DESK_GROUP"
            "getent passwd $SERVICE_USER >/dev/null && userdel $SERVICE_USER"
            "rm -rf $STATE"
            "dpkg --purge evidence-station >/dev/null 2>&1"
            "for u in $DESK_USER $OUTSIDER; do ! getent passwd \$u >/dev/null || userdel -r \$u 2>/dev/null; done"
            "stop_service")
fi
apt install install "$DEB"
has install "Prepare the station once, as the service account"

step "what postinst made: the account, the group, the home, the unit and the client file"
IFS=: read -r _ _ svc_uid svc_gid _ svc_home svc_shell < <(getent passwd "$SERVICE_USER") \
  || fail "postinst made no account $SERVICE_USER"
uid_min=$(awk '$1 == "UID_MIN" {print $2}' /etc/login.defs 2>/dev/null)
[ "$svc_uid" -lt "${uid_min:-1000}" ] || fail "$SERVICE_USER (uid $svc_uid) is not a system account"
[ "$svc_home" = "$STATE" ] || fail "$SERVICE_USER's home is $svc_home, not $STATE"
[ "$svc_shell" = /usr/sbin/nologin ] || fail "$SERVICE_USER can log in (shell $svc_shell)"
[ "$(getent group "$svc_gid" | cut -d: -f1)" = "$SERVICE_USER" ] || fail "$SERVICE_USER's primary group is not its own"
getent group "$DESK_GROUP" >/dev/null || fail "postinst made no group $DESK_GROUP"
[ "$(getent group "$DESK_GROUP" | cut -d: -f3)" -lt "${uid_min:-1000}" ] || fail "$DESK_GROUP is not a system group"
id -Gn "$SERVICE_USER" | tr ' ' '\n' | grep -qx "$DESK_GROUP" || fail "$SERVICE_USER is not in $DESK_GROUP"
expect_mode_owner "$STATE" "700 $SERVICE_USER $SERVICE_USER"
[ -z "$(ls -A "$STATE")" ] || fail "postinst put something in $STATE"
[ -f "$UNIT" ] || fail "$UNIT was not installed"
expect_mode_owner "$CLIENT_FILE" "644 root root"
station_url=$(sed -n 's/.*"station_url": *"\([^"]*\)".*/\1/p' "$CLIENT_FILE")
socket=${station_url#unix:}
exec_start=$(unit_value "$UNIT" ExecStart)
case " $exec_start " in
  *" --listen $station_url "*) ;;
  *) fail "the unit's ExecStart ($exec_start) does not listen where $CLIENT_FILE sends the desks ($station_url)" ;;
esac
case " $exec_start " in *" --socket-group $DESK_GROUP "*) ;; *) fail "the unit does not give the socket to $DESK_GROUP" ;; esac
[ "$(unit_value "$UNIT" User)" = "$SERVICE_USER" ] || fail "the unit does not run as $SERVICE_USER"
[ -x /usr/bin/evidence-station ] || fail "/usr/bin/evidence-station was not installed"
run installed-version /usr/bin/evidence-station --version
if command -v desktop-file-validate >/dev/null 2>&1; then
  run desktop-validate desktop-file-validate /usr/share/applications/cn.evidencestation.EvidenceStation.desktop
fi
[ -f /usr/share/icons/hicolor/48x48/apps/evidence-station.png ] || fail "the 48 px icon was not installed"

step "the station home prepared as the service account (init --service)"
run service-init "${SERVICE[@]}" /usr/bin/evidence-station --home "$STATE" --json init --service --admin admin \
  --station-name "Smoke test service"
has service-init '"service": true'
expect_mode_owner "$STATE" "700 $SERVICE_USER $SERVICE_USER"
expect_mode_owner "$STATE/identity/station-key.pem" "600 $SERVICE_USER $SERVICE_USER"
[ -z "$(find "$STATE" ! -user "$SERVICE_USER")" ] || fail "files in $STATE not owned by $SERVICE_USER"

step "the service started as its unit starts it: $exec_start"
bash installers/start_unit_without_systemd.sh "$UNIT" >"$WORK/service.log" 2>&1 &
SERVICE_PID=$!
for ((wait_ticks = 0; wait_ticks < 600; wait_ticks++)); do
  [ -S "$socket" ] && break
  kill -0 "$SERVICE_PID" 2>/dev/null || { cat "$WORK/service.log"; fail "the service ended before it listened"; }
  sleep 0.1
done
[ -S "$socket" ] || { cat "$WORK/service.log"; fail "the service did not make $socket within 60 s"; }
cat "$WORK/service.log"
[ "$(stat -c %U "/proc/$SERVICE_PID")" = "$SERVICE_USER" ] || fail "the service does not run as $SERVICE_USER"
if grep -q "no private mount namespace" "$WORK/service.log"; then
  echo "smoke: the unit's file-system protections are not in force here (no mount namespace)"
else
  # ProtectSystem=strict as the service sees it: its root file system is read-only.
  awk '$5 == "/" {print $6}' "/proc/$SERVICE_PID/mountinfo" | grep -q '^ro' \
    || fail "the service's root file system is writable: ProtectSystem=strict is not in force"
fi
expect_mode_owner "$socket" "660 $SERVICE_USER $DESK_GROUP"

step "a desk user in $DESK_GROUP uses the station through $CLIENT_FILE"
for u in "$DESK_USER" "$OUTSIDER"; do
  ! getent passwd "$u" >/dev/null || userdel -r "$u" 2>/dev/null || true  # left by an interrupted run
done
useradd --create-home --shell /bin/sh --groups "$DESK_GROUP" "$DESK_USER"
useradd --no-create-home --shell /bin/sh "$OUTSIDER"
install -m 0600 -o "$DESK_USER" -g "$DESK_USER" "$WORK/password" "$DESK_HOME/password"
ES=("${DESK[@]}" /usr/bin/evidence-station)
run desk-user-add "${ES[@]}" --user admin --json user add keeper --role custodian --password-file "$DESK_HOME/password"
run desk-user-list "${ES[@]}" --user admin --json user list
has desk-user-list '"keeper"'
run desk-demo-card "${ES[@]}" demo-card --seed 7 "$DESK_HOME/card"
run desk-import "${ES[@]}" --user keeper --json import "$DESK_HOME/card" --receipt "$DESK_HOME/receipt.pdf"
has desk-import '"status": "completed"'
stored=$(sed -n 's/^ *"stored": \([0-9]*\),*$/\1/p' "$WORK/desk-import.log" | head -n 1)
[ "${stored:-0}" -gt 0 ] || fail "the import through the service stored nothing"
[ "$(stat -c %U "$DESK_HOME/receipt.pdf")" = "$DESK_USER" ] || fail "the receipt is not the desk user's"
run desk-recordings "${ES[@]}" --user keeper --json recordings
[ "$(grep -c '"sha256":' "$WORK/desk-recordings.log")" -eq "$stored" ] || fail "recordings does not list the $stored stored"
run desk-verify "${ES[@]}" --user keeper --json verify
has desk-verify '"ok": true'
has desk-verify "\"checked\": $stored"
run desk-audit-verify "${ES[@]}" --user admin --json audit verify
has desk-audit-verify '"ok": true'
no_home_paths "$STATE" desk-user-add desk-user-list desk-import desk-recordings desk-verify desk-audit-verify

step "the desk user cannot read the home, the catalogue, the vault or the key"
expect_status desk-list-home 2 "${DESK[@]}" ls "$STATE"
for file in catalogue.sqlite3 settings.json identity/station-key.pem; do
  expect_status "desk-read-${file//\//-}" 1 "${DESK[@]}" cat "$STATE/$file"
done
blob=$(find "$STATE/vault/objects" -type f | head -n 1)
[ -n "$blob" ] || fail "no original in $STATE/vault/objects"
expect_status desk-read-blob 1 "${DESK[@]}" cat "$blob"
expect_status outsider-recordings 5 "${OTHER[@]}" /usr/bin/evidence-station --user keeper --json recordings
has outsider-recordings '"code": "station_unreachable"'

step "the service stopped with SIGTERM"
stop_service || { cat "$WORK/service.log"; fail "the service did not exit 0 on SIGTERM"; }
cat "$WORK/service.log"
grep -q "Traceback (most recent call last)" "$WORK/service.log" && fail "the service printed a Python traceback"
run service-verify "${SERVICE[@]}" /usr/bin/evidence-station --home "$STATE" --json verify
has service-verify '"ok": true'
has service-verify "\"checked\": $stored"
snapshot_data > "$WORK/data-before"

step "apt-get remove keeps the station data, the account and the client file"
apt remove remove evidence-station
[ ! -e /opt/evidence-station ] || fail "/opt/evidence-station is left over after removal"
[ ! -e /usr/bin/evidence-station ] || fail "/usr/bin/evidence-station is left over after removal"
[ ! -e "$UNIT" ] || fail "$UNIT is left over after removal"
[ -f "$CLIENT_FILE" ] || fail "remove deleted the configuration file $CLIENT_FILE (only purge may)"
expect_data_kept remove
expect_account_kept remove

step "apt-get purge keeps the station data and the account"
apt purge purge evidence-station
has purge "station data in $STATE are kept"
dpkg-query -W -f='${Status}' evidence-station 2>/dev/null | grep -q "not-installed" \
  || ! dpkg-query -W evidence-station >/dev/null 2>&1 || fail "evidence-station is still known to dpkg after purge"
[ ! -e "$CLIENT_FILE" ] || fail "purge left $CLIENT_FILE"
expect_data_kept purge
expect_account_kept purge

step "installed again over the kept station"
apt reinstall install "$DEB"
expect_data_kept reinstall
run service-verify-again "${SERVICE[@]}" /usr/bin/evidence-station --home "$STATE" --json verify
has service-verify-again '"ok": true'
has service-verify-again "\"checked\": $stored"

step "the installed program as the desk user: embedded station round trip, self-check, gui --smoke-test"
AS=("${DESK[@]}")
install -d -m 0700 -o "$DESK_USER" -g "$DESK_USER" "$DESK_HOME/laptop"
install -m 0600 -o "$DESK_USER" -g "$DESK_USER" "$WORK/password" "$DESK_HOME/laptop/password"
round_trip /usr/bin/evidence-station "$DESK_HOME/laptop/station" "$DESK_HOME/laptop"
expect_mode_owner "$DESK_HOME/laptop/station" "700 $DESK_USER $DESK_USER"
[ "$(stat -c %U "$DESK_HOME/laptop/case1.iso")" = "$DESK_USER" ] || fail "the disc image is not the desk user's"
self_check /usr/bin/evidence-station "$DESK_HOME/laptop/card"
gui_smoke /usr/bin/evidence-station "$DESK_HOME/laptop/station"
step "package installed, served, used, removed, purged and installed again; evidence kept throughout"
