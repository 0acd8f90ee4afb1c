#!/bin/sh
# Headless Chromium for the dashboard's browser tests (Debian packages), installed once when missing.
# Needs root; without it the browser tests skip and say why.
set -e
[ -x /usr/bin/chromium ] && exit 0
if [ "$(id -u)" != "0" ]; then
  echo "install-chromium: /usr/bin/chromium is missing and this is not root; browser tests will skip" >&2
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-chromium: no apt-get; browser tests will skip" >&2
  exit 0
fi
echo "install-chromium: installing chromium and chromium-driver (Debian packages)" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null || true
apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null \
  || echo "install-chromium: apt-get install failed; browser tests will skip" >&2
