#!/usr/bin/env bash
# Takes a screenshot of the status page during a run-local batch, with Debian's headless Chromium
# (apt-get install chromium). Writes docs/status-page.png.
#   docs/screenshot.sh [MANIFEST=examples/library.jsonl] [SECONDS_INTO_THE_RUN=12]
set -euo pipefail
cd "$(dirname "$0")/.."
manifest="${1:-examples/library.jsonl}"
wait_seconds="${2:-12}"
command -v chromium >/dev/null || { echo "install Debian's chromium: apt-get install chromium" >&2; exit 2; }
log="$(mktemp)"
./run-local "$manifest" --keep-open >"$log" 2>&1 &
run_pid=$!
trap 'kill "$run_pid" 2>/dev/null || true; rm -f "$log"' EXIT
url=""
for _ in $(seq 1 300); do
  url="$(sed -n 's/^status page: //p' "$log" | head -1)"
  [[ -n "$url" ]] && break
  sleep 1
done
[[ -n "$url" ]] || { echo "run-local printed no status page URL:" >&2; cat "$log" >&2; exit 1; }
sleep "$wait_seconds"
# No background networking: without these flags Chromium tries to reach Google's services.
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$(mktemp -d)" --hide-scrollbars --window-size=1100,1500 \
  --screenshot="$PWD/docs/status-page.png" "$url" 2>/dev/null
echo "docs/status-page.png: $url, ${wait_seconds} s into the run"
