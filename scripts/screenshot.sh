#!/usr/bin/env bash
# Regenerates docs/report.png, the README's picture: the HTML report of examples/tabloid.txt
# rendered by headless Chromium (Debian's `chromium` package) at 1200x1600.
# Usage: scripts/screenshot.sh [PATH-TO-HYPECHECK]   (default: target/release/hypecheck)
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${1:-target/release/hypecheck}"
[ -x "$bin" ] || cargo build --release
chromium="$(command -v chromium || command -v chromium-browser || true)"
if [ -z "$chromium" ]; then
  echo "scripts/screenshot.sh: chromium is not installed (apt-get install chromium)" >&2
  exit 2
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$bin" explain --format html examples/tabloid.txt > "$work/report.html"
"$chromium" --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --hide-scrollbars --user-data-dir="$work/profile" \
  --window-size=1200,1600 --screenshot="$work/report.png" "file://$work/report.html" >/dev/null 2>&1
cp "$work/report.png" docs/report.png
echo "wrote docs/report.png"
