#!/usr/bin/env bash
# The browser tests drive a real Chromium (Debian's, at /usr/bin/chromium unless
# CSPHUB_CHROMIUM says otherwise) and WeasyPrint needs Pango. Install them from Debian
# packages where this machine allows it (root with apt-get); otherwise stop and say what to
# install, so `make test` never passes without having run the browser tests.
set -euo pipefail

chromium="${CSPHUB_CHROMIUM:-/usr/bin/chromium}"
missing=()
[ -x "$chromium" ] || missing+=(chromium chromium-driver fonts-liberation)
if command -v ldconfig >/dev/null && ! ldconfig -p | grep -q libpango-1.0; then
  missing+=(libpango-1.0-0 libpangoft2-1.0-0)
fi
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing from Debian packages for the browser tests: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
  [ -x "$chromium" ] && exit 0
fi

cat >&2 <<MSG
The browser tests cannot run: missing ${missing[*]}.
Install them (Debian/Ubuntu: sudo apt-get install ${missing[*]}), or point
CSPHUB_CHROMIUM at a Chromium binary. To run everything else without them, use
  make test BROWSER=0
which says at the end that the browser tests did not run.
MSG
exit 1
