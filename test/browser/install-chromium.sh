#!/bin/sh
# Install what the inspection-record browser test needs from Debian's archive (idempotent, see apt-install.sh):
#   chromium         headless Chromium: prints the HTML report to PDF and takes a screenshot
#   fonts-noto-cjk   Chinese glyphs, so the record does not print as tofu boxes
#   poppler-utils    pdftotext: reads the printed PDF's text back, page by page ("第 N 页 共 M 页")
set -eu
exec "$(dirname "$0")/../support/apt-install.sh" install-chromium.sh chromium fonts-noto-cjk poppler-utils
