#!/usr/bin/env bash
# System packages naskah needs: WeasyPrint's Pango, the free Bookman-style face TeX Gyre Bonum, and the
# real clients the tests check documents with (LibreOffice headless, poppler's pdftotext/pdfinfo/pdffonts,
# pandoc).
set -euo pipefail
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends \
  libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fontconfig \
  fonts-texgyre fonts-dejavu-core \
  poppler-utils libreoffice-writer-nogui pandoc >/dev/null
