#!/usr/bin/env bash
# Render a wifiplan HTML report in headless Chromium and save a PNG screenshot to look at.
#   tools/screenshot_report.sh REPORT.html OUT.png [WIDTH HEIGHT]
# Needs chromium (Debian: apt-get install -y chromium). Offline: the report embeds everything.
set -euo pipefail
html=${1:?usage: tools/screenshot_report.sh REPORT.html OUT.png [WIDTH HEIGHT]}
out=${2:?usage: tools/screenshot_report.sh REPORT.html OUT.png [WIDTH HEIGHT]}
width=${3:-1400}
height=${4:-3000}
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$browser" ]; then
  echo "chromium not found (apt-get install -y chromium)" >&2
  exit 2
fi
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
abs_html=$(cd "$(dirname "$html")" && pwd)/$(basename "$html")
abs_out=$(cd "$(dirname "$out")" && pwd)/$(basename "$out")
"$browser" --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
  --no-first-run --user-data-dir="$profile" --hide-scrollbars --screenshot="$abs_out" \
  --window-size="${width},${height}" "file://${abs_html}" >/dev/null 2>&1
test -s "$abs_out"
echo "$abs_out"
