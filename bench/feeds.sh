#!/usr/bin/env bash
# Serve the FG-MV feed under load on loopback and print wrk's numbers for the
# full response (200) and for a polling client that is current (304).
# Needs wrk (Debian package `wrk`). Usage: bash bench/feeds.sh [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
cargo build --release --quiet --bin convene
dir=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; rm -rf "$dir"' EXIT
export CONVENE_DATABASE_URL="sqlite:$dir/bench.sqlite" CONVENE_LOG=warn
./target/release/convene import data/fg-mv-2023.toml >/dev/null
CONVENE_LISTEN=127.0.0.1:0 ./target/release/convene serve >"$dir/out" &
pid=$!
for _ in $(seq 50); do grep -q "Listening on" "$dir/out" 2>/dev/null && break; sleep 0.1; done
addr=$(sed -n 's/^Listening on http:\/\///p' "$dir/out")
url="http://$addr/calendars/fg-mv.ics?subgroups=true"
etag=$(curl -sI "$url" | tr -d '\r' | sed -n 's/^etag: //Ip')
echo "feed: $url ($(curl -s "$url" | wc -c) bytes, $(curl -s "$url" | grep -c BEGIN:VEVENT) events)"
echo "== 200 (render every time)"
wrk -t2 -c32 -d"${secs}s" --latency "$url" | sed -n '/Latency/,/Transfer/p'
echo "== 304 (If-None-Match: $etag)"
wrk -t2 -c32 -d"${secs}s" --latency -H "If-None-Match: $etag" "$url" | sed -n '/Latency/,/Transfer/p'
