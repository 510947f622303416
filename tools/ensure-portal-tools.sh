#!/usr/bin/env bash
# Install Chromium (driven by the browser tests through Playwright) and PostgreSQL (the portal's
# tests run on it as well as on SQLite) when they are missing. Playwright's own browser download is
# not used: the tests launch Debian's chromium. The tests start their own PostgreSQL server in a
# temporary folder (tests/postgres.py), so the package's own cluster is not needed.
set -euo pipefail
packages=()
command -v chromium >/dev/null || packages+=(chromium fonts-dejavu fonts-liberation2)
compgen -G "/usr/lib/postgresql/*/bin/pg_ctl" >/dev/null || packages+=(postgresql)
if [ ${#packages[@]} = 0 ]; then
  exit 0
fi
exec bash "$(dirname "$0")/apt-install.sh" "Chromium or PostgreSQL" "${packages[@]}"
