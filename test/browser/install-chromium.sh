#!/bin/sh
# Install what the inspection-record browser test needs from Debian's archive. Idempotent: exits 0 at once
# (a few dpkg-query calls, well under a second) when everything is present.
#   chromium         headless Chromium: prints the HTML report to PDF and takes a screenshot
#   fonts-noto-cjk   Chinese glyphs, so the record does not print as tofu boxes
set -eu
PKGS="chromium fonts-noto-cjk"
missing=""
for p in $PKGS; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done
[ -z "$missing" ] && exit 0
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
echo "install-chromium.sh: installing$missing (once)" >&2
$SUDO apt-get update -qq >/dev/null
# --no-install-recommends keeps chromium from pulling a desktop's worth of packages.
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
