#!/usr/bin/env bash
# Installs Debian's chromium and chromium-driver for the console's browser tests (ConsoleBrowser runs it
# when they are missing) when apt-get can run (CI runs as root). Never fails the build: without them
# the tests are skipped with a message saying so.
set -uo pipefail
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "browser-setup: installing chromium and chromium-driver (Debian packages)" >&2
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; } >&2 \
    || echo "browser-setup: could not install them; the console's browser test will be skipped" >&2
else
  echo "browser-setup: chromium/chromedriver missing and cannot be installed here (needs root and apt-get); the console's browser test will be skipped" >&2
fi
exit 0
