#!/usr/bin/env bash
# A feed's cost against the size of the database, and the import's speed
# (issue 16). For each N in OTHERS, imports the FG-MV seed plus N meetings
# of another body (bench/gen_schedule.py), then prints: the import's time
# and peak memory, one GET of the FG-MV feed with subgroups (56 events)
# and wrk's p99 under load, and the server's RSS after it. Then a group
# holding OWN meetings of its own (WG5): its windowed feed under load.
#
# Every request renders: the cache of rendered feeds is turned off
# (server.cache_bytes = 0), so the figures count renders, not cache hits.
#
#   bash bench/scale.sh                       # OTHERS="0 10000 1000000" OWN=10000
#   OTHERS="0 10000" OWN=0 CONVENE_BIN=/path/to/old/convene bash bench/scale.sh
#   OTHERS= bash bench/scale.sh               # only the group with its own meetings
#   DATABASE=postgres://postgres@127.0.0.1:5432/bench bash bench/scale.sh   # PostgreSQL
#   IMPORT_ONLY=1 OTHERS="100000 1000000" bash bench/scale.sh   # only the imports
#
# Needs wrk (apt-get install wrk; installed when missing) and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
# OTHERS set but empty: no other-body runs.
OTHERS=${OTHERS-"0 10000 1000000"}
OWN=${OWN:-10000}
SECS=${SECS:-10}
CONNS=${CONNS:-64}
if [ -z "${CONVENE_BIN:-}" ]; then
  cargo build --release --quiet --bin convene
  CONVENE_BIN=./target/release/convene
fi
IMPORT_ONLY=${IMPORT_ONLY:-}
[ -n "$IMPORT_ONLY" ] || command -v wrk >/dev/null || apt-get install -y wrk >/dev/null
dir=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$dir"' EXIT
export CONVENE_LOG=warn
# The seed is from 2023: for the other-body runs, the FG-MV feed publishes
# its whole archive (the same 56 events as before windows existed).
window_env=(CONVENE_SERVER__CACHE_BYTES=0)
if "$CONVENE_BIN" config 2>/dev/null | grep -q past_months; then
  window_env+=(CONVENE_CALENDAR__PAST_MONTHS=0)
fi

fresh_db() { # name
  if [ -n "${DATABASE:-}" ]; then
    local admin=${DATABASE%/*}/postgres
    psql "$admin" -qAtc "DROP DATABASE IF EXISTS bench_$1 WITH (FORCE)" >/dev/null
    psql "$admin" -qAtc "CREATE DATABASE bench_$1" >/dev/null
    echo "${DATABASE%/*}/bench_$1"
  else
    echo "sqlite:$dir/$1.sqlite"
  fi
}

serve() { # db, env...
  local db=$1; shift
  env "$@" CONVENE_DATABASE_URL="$db" CONVENE_LISTEN=127.0.0.1:0 "$CONVENE_BIN" serve >"$dir/out" 2>&1 &
  pid=$!
  for _ in $(seq 100); do grep -q "Listening on" "$dir/out" 2>/dev/null && break; sleep 0.1; done
  addr=$(sed -n 's/^Listening on http:\/\///p' "$dir/out")
}

stop() { kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true; pid=; }

load() { # url label
  local one
  one=$(curl -s -o /dev/null -w '%{time_total}' "$1")
  curl -s -o /dev/null "$1"
  local out
  out=$(wrk -t2 -c"$CONNS" -d"${SECS}s" --timeout 60s --latency "$1")
  local rps p99
  rps=$(echo "$out" | sed -n 's/^Requests\/sec: *//p')
  p99=$(echo "$out" | sed -n 's/^ *99% *//p')
  local rss
  rss=$(ps -o rss= -p "$pid" | tr -d ' ')
  printf '%-34s first GET %6.1f ms | %8s req/s | p99 %8s | RSS %4d MB | %6d bytes, %d events\n' \
    "$2" "$(echo "$one * 1000" | bc -l)" "$rps" "$p99" $((rss / 1024)) \
    "$(curl -s "$1" | wc -c)" "$(curl -s "$1" | grep -c BEGIN:VEVENT)"
}

echo "binary: $CONVENE_BIN; wrk -t2 -c$CONNS -d${SECS}s; $(nproc) cores"
for n in $OTHERS; do
  python3 bench/gen_schedule.py --other "$n" >"$dir/s.toml"
  db=$(fresh_db "o$n")
  /usr/bin/time -f '%e %M' -o "$dir/time" env CONVENE_DATABASE_URL="$db" "$CONVENE_BIN" import "$dir/s.toml" >/dev/null
  read -r secs kb <"$dir/time"
  printf 'import seed + %8d other meetings: %7.1f s, peak RSS %5d MB\n' "$n" "$secs" $((kb / 1024))
  [ -z "$IMPORT_ONLY" ] || continue
  serve "$db" "${window_env[@]}" ${BENCH_ENV:-}
  load "http://$addr/calendars/fg-mv.ics?subgroups=true" "FG-MV feed, $n others stored"
  stop
done
if [ "$OWN" -gt 0 ] && [ -z "$IMPORT_ONLY" ]; then
  python3 bench/gen_schedule.py --own "$OWN" >"$dir/s.toml"
  db=$(fresh_db own)
  CONVENE_DATABASE_URL="$db" "$CONVENE_BIN" import "$dir/s.toml" >/dev/null
  serve "$db" CONVENE_SERVER__CACHE_BYTES=0 ${BENCH_ENV:-}
  load "http://$addr/calendars/wg5.ics" "WG5 feed, $OWN own meetings"
  load "http://$addr/groups/wg5" "WG5 page, $OWN own meetings"
  stop
fi
