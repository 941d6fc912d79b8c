#!/usr/bin/env bash
# Validates docker-compose.yml offline (no Docker engine needed): `docker-compose config -q`.
# Installs Debian's docker-compose package when it is missing and apt-get can run (CI runs as root).
# Exit 0: valid; 1: invalid; 3: no validator available here (the caller reports it as skipped).
set -uo pipefail
cd "$(dirname "$0")/.."
if ! command -v docker-compose >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "compose-check: installing docker-compose (Debian package)" >&2
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-compose; } >&2 || exit 3
  else
    echo "compose-check: docker-compose is not installed and cannot be installed here (needs root and apt-get)" >&2
    exit 3
  fi
fi
docker-compose -f docker-compose.yml config -q || exit 1
# the normalised file on stdout, for the caller's own checks
docker-compose -f docker-compose.yml config
