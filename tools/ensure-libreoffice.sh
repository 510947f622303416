#!/usr/bin/env bash
# Install LibreOffice (headless Writer + Calc), poppler-utils and fonts when they are missing.
# Tests need LibreOffice to recalculate workbooks and to make PDFs. Without apt-get (or root)
# this prints what to install and leaves the decision to the tests: they skip outside CI and
# fail in CI (CI=true).
set -euo pipefail
if command -v soffice >/dev/null && command -v pdftoppm >/dev/null; then
  exit 0
fi
packages=(libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils fonts-dejavu fonts-liberation2)
if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
  echo "installing ${packages[*]} with apt-get (once)"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
else
  echo "LibreOffice is missing; install it (e.g. 'sudo apt-get install ${packages[*]}')" >&2
fi
