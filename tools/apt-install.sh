#!/usr/bin/env bash
# apt-install.sh WHAT PACKAGE…: install the packages with apt-get when this is root with apt-get;
# otherwise say that WHAT is missing and how to install it, and leave the decision to the tests
# (they skip outside CI and fail in CI).
set -euo pipefail
what=$1
shift
if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
  echo "installing $* with apt-get (once)"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
else
  echo "$what is missing; install it (e.g. 'sudo apt-get install $*')" >&2
fi
