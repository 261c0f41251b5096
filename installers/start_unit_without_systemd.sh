#!/usr/bin/env bash
# Start a systemd service unit's ExecStart where systemd is not running (a container, a CI machine), the way
# systemd would, so the smoke test runs the installed service as the unit describes it:
#
#     bash installers/start_unit_without_systemd.sh UNIT_FILE      (as root; execs the service in the foreground)
#
# Run it in the background (`… &`): its PID becomes the service's own (every step execs the next), so the caller
# stops it with the unit's KillSignal. Taken from the unit:
#   ConditionPathExists=  refused (exit 1) when the path is missing, as systemd would skip the start
#   User= Group= SupplementaryGroups=   setpriv: the account's uid and gid, its groups from the group database
#                         and the supplementary groups
#   UMask= NoNewPrivileges= CapabilityBoundingSet= (empty: none)
#   RuntimeDirectory= RuntimeDirectoryMode= StateDirectory= StateDirectoryMode=   made (owner User:Group) and
#                         moded before the start; $RUNTIME_DIRECTORY and $STATE_DIRECTORY set
#   the environment systemd gives a service with User=: PATH, HOME, USER, LOGNAME, SHELL (and LANG from
#                         /etc/default/locale when it sets one), nothing else
#   ProtectSystem=strict ReadWritePaths= ProtectHome=yes PrivateTmp=yes   in a private mount namespace when the
#                         kernel lets this process make one (unshare -m): every file system read-only but /dev,
#                         /proc, /sys, the ReadWritePaths, the runtime and state directories and a private /tmp and
#                         /var/tmp; /home, /root and /run/user empty and closed. Without one they are not emulated
#                         (said on stderr).
# Every other [Service] setting (the other Protect*/Restrict* options, seccomp filters, Restart=) is not emulated:
# the names are printed on stderr.
#
# Sourced (`source installers/start_unit_without_systemd.sh`), it only defines unit_value.
set -euo pipefail

# unit_value UNIT_FILE KEY: the (last) value of KEY= in the unit, empty when it is not set.
unit_value() {
  sed -n "s/^$2=//p" "$1" | tail -n 1
}

_EMULATED="ExecStart User Group SupplementaryGroups UMask NoNewPrivileges CapabilityBoundingSet RuntimeDirectory
RuntimeDirectoryMode StateDirectory StateDirectoryMode ProtectSystem ReadWritePaths ProtectHome PrivateTmp Type
KillSignal TimeoutStopSec Restart RestartSec"

_fail() { echo "start_unit_without_systemd: $*" >&2; exit 1; }

# The file-system protections, inside the new mount namespace (runs as root before the account is taken).
_protect_file_systems() {
  local unit=$1 mounts=() point rw
  if [ "$(unit_value "$unit" ProtectSystem)" != strict ] || [ "$(unit_value "$unit" ProtectHome)" != yes ] \
      || [ "$(unit_value "$unit" PrivateTmp)" != yes ]; then
    _fail "only ProtectSystem=strict, ProtectHome=yes and PrivateTmp=yes are emulated; change this script first"
  fi
  while read -r _ _ _ _ point _; do
    mounts+=("$(printf '%b' "$point")")
  done < /proc/self/mountinfo
  # Writable places first (a bind mount made now keeps its own, writable, flags), then everything else read-only.
  for rw in $( (for path in $(unit_value "$unit" ReadWritePaths); do echo "$path"; done
                echo "/run/$(unit_value "$unit" RuntimeDirectory)"
                echo "/var/lib/$(unit_value "$unit" StateDirectory)") | sort -u); do
    mount --bind "$rw" "$rw"
  done
  for point in "${mounts[@]}"; do
    case "$point" in /proc|/proc/*|/sys|/sys/*|/dev|/dev/*) continue ;; esac
    mount -o remount,bind,ro "$point" 2>/dev/null || [ "$point" != / ] || _fail "cannot make / read-only"
  done
  for point in /tmp /var/tmp; do mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs "$point"; done
  for point in /home /root /run/user; do
    if [ -d "$point" ]; then mount -t tmpfs -o mode=0000,ro tmpfs "$point"; fi
  done
}

_exec_service() {
  local unit=$1 user group groups command lang
  user=$(unit_value "$unit" User)
  group=$(unit_value "$unit" Group)
  [ -n "$user" ] && [ -n "$group" ] || _fail "$unit names no User= and Group=; nothing to emulate"
  groups=$( (id -Gn "$user" | tr ' ' '\n'; for g in $(unit_value "$unit" SupplementaryGroups); do echo "$g"; done) \
    | sort -u | paste -sd, -)
  command=$(unit_value "$unit" ExecStart)
  case "$command" in [-@:+!]*) _fail "ExecStart prefixes are not emulated: $command" ;; esac
  local privileges=()
  [ "$(unit_value "$unit" NoNewPrivileges)" != yes ] || privileges+=(--no-new-privs)
  if grep -q '^CapabilityBoundingSet=$' "$unit"; then
    privileges+=(--bounding-set=-all --inh-caps=-all)
  elif grep -q '^CapabilityBoundingSet=' "$unit"; then
    _fail "a non-empty CapabilityBoundingSet= is not emulated"
  fi
  local environment=(PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin HOME="$(getent passwd "$user" | cut -d: -f6)"
    USER="$user" LOGNAME="$user" SHELL="$(getent passwd "$user" | cut -d: -f7)")
  [ -z "$(unit_value "$unit" RuntimeDirectory)" ] || environment+=(RUNTIME_DIRECTORY="/run/$(unit_value "$unit" RuntimeDirectory)")
  [ -z "$(unit_value "$unit" StateDirectory)" ] || environment+=(STATE_DIRECTORY="/var/lib/$(unit_value "$unit" StateDirectory)")
  lang=$(sed -n 's/^LANG=//p' /etc/default/locale 2>/dev/null | tr -d '"' | tail -n 1)
  [ -z "$lang" ] || environment+=(LANG="$lang")
  local mask
  mask=$(unit_value "$unit" UMask)
  umask "${mask:-0022}"
  cd /
  # shellcheck disable=SC2086  # ExecStart is split into words, as systemd splits it (no quotes in ours)
  exec setpriv --reuid="$user" --regid="$group" --groups="$groups" "${privileges[@]}" \
    env -i "${environment[@]}" $command
}

_prepare_directories() {
  local unit=$1 user group name mode
  user=$(unit_value "$unit" User)
  group=$(unit_value "$unit" Group)
  name=$(unit_value "$unit" RuntimeDirectory)
  if [ -n "$name" ]; then
    mode=$(unit_value "$unit" RuntimeDirectoryMode)
    install -d -m "${mode:-0755}" -o "$user" -g "$group" "/run/$name"
  fi
  name=$(unit_value "$unit" StateDirectory)
  if [ -n "$name" ]; then
    mode=$(unit_value "$unit" StateDirectoryMode)
    [ -d "/var/lib/$name" ] || install -d -o "$user" -g "$group" "/var/lib/$name"
    chmod "${mode:-0755}" "/var/lib/$name"
  fi
}

_main() {
  [ "$(id -u)" -eq 0 ] || _fail "run me as root"
  local unit=${1:?usage: start_unit_without_systemd.sh UNIT_FILE}
  if [ "${2:-}" = --inside-namespace ]; then
    _protect_file_systems "$unit"
    _exec_service "$unit"
  fi
  local condition key ignored=()
  condition=$(unit_value "$unit" ConditionPathExists)
  [ -z "$condition" ] || [ -e "$condition" ] || _fail "ConditionPathExists=$condition is not met: systemd would not start it"
  for key in $(sed -n '/^\[Service\]/,/^\[/s/^\([A-Za-z]*\)=.*/\1/p' "$unit"); do
    case " $(echo $_EMULATED) " in *" $key "*) ;; *) ignored+=("$key") ;; esac
  done
  echo "start_unit_without_systemd: not emulated: ${ignored[*]:-nothing}" >&2
  _prepare_directories "$unit"
  if unshare -m --propagation private true 2>/dev/null; then
    exec unshare -m --propagation private bash "${BASH_SOURCE[0]}" "$unit" --inside-namespace
  fi
  echo "start_unit_without_systemd: no private mount namespace here: ProtectSystem, ProtectHome and PrivateTmp" \
    "are not emulated" >&2
  _exec_service "$unit"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  _main "$@"
fi
