#!/bin/sh
# apt-install.sh WHO PACKAGE...: installs from Debian's archive whichever of PACKAGE... are missing, without
# recommends (they would pull a desktop's worth of packages). Idempotent: a few dpkg-query calls and exit 0
# when everything is present. WHO names the caller in the one line it prints when it installs. Another apt
# or dpkg running (unattended-upgrades, a second terminal) is waited for, up to 10 minutes, instead of
# failing on its lock.
set -eu
who=$1
shift
missing=""
for p in "$@"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done
[ -z "$missing" ] && exit 0
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
echo "$who: installing$missing" >&2
# apt-get install waits for the dpkg frontend lock itself (DPkg::Lock::Timeout); apt-get update takes the
# lists lock, which it does not wait for, so it is retried while another update holds it.
tries=0
until $SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq >/dev/null 2>"${TMPDIR:-/tmp}/apt-update.$$"; do
  tries=$((tries + 1))
  if [ "$tries" -ge 120 ] || ! grep -qi "lock" "${TMPDIR:-/tmp}/apt-update.$$"; then
    cat "${TMPDIR:-/tmp}/apt-update.$$" >&2
    rm -f "${TMPDIR:-/tmp}/apt-update.$$"
    exit 1
  fi
  [ "$tries" -eq 1 ] && echo "$who: waiting for another apt to release its lock" >&2
  sleep 5
done
rm -f "${TMPDIR:-/tmp}/apt-update.$$"
$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends $missing >/dev/null
