#!/usr/bin/env bash
# System packages naskah needs: WeasyPrint's Pango (the PDF's face ships in templates/styles/fonts/;
# fonts-texgyre lets LibreOffice show the DOCX's Bookman Old Style as TeX Gyre Bonum, DejaVu is what a
# test makes fontconfig put in its place), and (unless --build-only) the real clients the tests check
# documents with: LibreOffice headless, poppler's pdftotext/pdfinfo/pdffonts, pandoc.
set -euo pipefail
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
PACKAGES="libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fontconfig fonts-texgyre fonts-dejavu-core"
if [ "${1:-}" != "--build-only" ]; then
  PACKAGES="$PACKAGES poppler-utils libreoffice-writer-nogui pandoc"
fi
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $PACKAGES >/dev/null
