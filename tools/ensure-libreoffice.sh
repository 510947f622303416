#!/usr/bin/env bash
# Install LibreOffice (headless Writer + Calc), poppler-utils and fonts when they are missing.
# Tests need LibreOffice to recalculate workbooks and to make PDFs.
set -euo pipefail
if command -v soffice >/dev/null && command -v pdftoppm >/dev/null; then
  exit 0
fi
exec bash "$(dirname "$0")/apt-install.sh" LibreOffice \
  libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils fonts-dejavu fonts-liberation2
