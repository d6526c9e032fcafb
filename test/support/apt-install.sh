#!/bin/sh
# apt-install.sh WHO PACKAGE...: installs from Debian's archive whichever of PACKAGE... are missing, without
# recommends (they would pull a desktop's worth of packages). Idempotent: a few dpkg-query calls and exit 0
# when everything is present. WHO names the caller in the one line it prints when it installs.
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
echo "$who: installing$missing (once)" >&2
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
