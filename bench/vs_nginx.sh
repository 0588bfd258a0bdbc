#!/usr/bin/env bash
# convene against nginx serving the same bytes as static files, side by side
# in one run, on loopback: the FG-MV feed with subgroups (200, and 304 for a
# client that sends If-None-Match), the group page and the schedule page.
# Prints req/s and p99 of each and the ratio convene/nginx, with the goals
# (feed >= 0.8x and p99 <= 5 ms, pages >= 0.5x).
#
# Usage: bash bench/vs_nginx.sh [seconds per run, default 10]
#   ROUNDS=3          runs of each, taken in turns; medians are printed
#   CONVENE_BIN=path  a convene binary to measure (default: build this tree's
#                     release binary); e.g. an older one, for before/after
#   CONNECTIONS=64    wrk's connections (threads: 2)
#   CONVENE_SERVER__CACHE_BYTES=0 and the like reach the server as usual.
# Installs nginx-light and wrk from Debian's packages when missing (as root,
# or with sudo). Both servers log no access lines (nginx `access_log off`,
# convene at `warn`), so neither pays for a log write per request.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
conns=${CONNECTIONS:-64}
rounds=${ROUNDS:-3}

if ! command -v wrk >/dev/null || ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq nginx-light wrk >/dev/null
fi
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)

bin=${CONVENE_BIN:-}
if [ -z "$bin" ]; then
    cargo build --release --quiet --bin convene
    bin="${CARGO_TARGET_DIR:-target}/release/convene"
fi

dir=$(mktemp -d)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$dir"
}
trap cleanup EXIT

export CONVENE_DATABASE_URL="sqlite:$dir/bench.sqlite" CONVENE_LOG=warn
# The seed is from 2023: publish the whole archive (its 56 events), not the
# 13-month window, which would leave the FG-MV feed empty today.
export CONVENE_CALENDAR__PAST_MONTHS=${CONVENE_CALENDAR__PAST_MONTHS:-0}
"$bin" import data/fg-mv-2023.toml >/dev/null
CONVENE_LISTEN=127.0.0.1:0 "$bin" serve >"$dir/out" 2>"$dir/err" &
pids+=($!)
for _ in $(seq 100); do grep -q "Listening on" "$dir/out" 2>/dev/null && break; sleep 0.1; done
addr=$(sed -n 's/^Listening on http:\/\///p' "$dir/out")
[ -n "$addr" ] || { cat "$dir/err"; exit 1; }

# The same bytes, as static files.
mkdir -p "$dir/www" "$dir/tmp"
feed="/calendars/fg-mv.ics?subgroups=true"
group="/groups/fg-mv?subgroups=true"
schedule="/schedule"
curl -sf "http://$addr$feed" -o "$dir/www/feed.ics"
curl -sf "http://$addr$group" -o "$dir/www/group.html"
curl -sf "http://$addr$schedule" -o "$dir/www/schedule.html"
# nginx's workers run as another user when started as root.
chmod -R a+rX "$dir"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat >"$dir/nginx.conf" <<EOF
daemon off;
worker_processes auto;
pid $dir/nginx.pid;
error_log $dir/nginx-error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    tcp_nodelay on;
    keepalive_requests 100000000;
    keepalive_timeout 60s;
    client_body_temp_path $dir/tmp/body;
    proxy_temp_path $dir/tmp/proxy;
    fastcgi_temp_path $dir/tmp/fastcgi;
    uwsgi_temp_path $dir/tmp/uwsgi;
    scgi_temp_path $dir/tmp/scgi;
    types { text/calendar ics; text/html html; }
    server {
        listen 127.0.0.1:$port;
        root $dir/www;
    }
}
EOF
"$nginx_bin" -c "$dir/nginx.conf" -p "$dir" 2>"$dir/nginx-start.log" &
pids+=($!)
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/feed.ics" -o /dev/null && break; sleep 0.1; done

cmp -s "$dir/www/feed.ics" <(curl -sf "http://127.0.0.1:$port/feed.ics") || { echo "nginx serves other bytes"; exit 1; }
echo "convene $("$bin" --version 2>/dev/null || echo "$bin") at $addr; nginx $("$nginx_bin" -v 2>&1 | sed 's/.*\///') at 127.0.0.1:$port"
echo "feed: $feed ($(wc -c <"$dir/www/feed.ics") bytes, $(grep -c BEGIN:VEVENT "$dir/www/feed.ics") events); wrk -t2 -c$conns -d${secs}s, $rounds rounds, medians"
if [ "$(grep -c BEGIN:VEVENT "$dir/www/feed.ics")" -lt 50 ]; then
  echo "the feed holds too few events to compare (the FG-MV seed has 56): check the window" >&2
  exit 1
fi

etag() { curl -sfI "$1" | tr -d '\r' | sed -n 's/^etag: //Ip'; }

# wrk's requests/s and p99 (in ms) as "RPS P99".
measure() {
    local out
    out=$(wrk -t2 -c"$conns" -d"${secs}s" --latency "$@")
    local rps p99
    rps=$(sed -n 's/^Requests\/sec: *//p' <<<"$out")
    p99=$(awk '$1=="99%" {v=$2; u=v; sub(/[0-9.]+/,"",u); sub(/[a-z]+$/,"",v);
        if (u=="us") v=v/1000; else if (u=="s") v=v*1000; else if (u=="m") v=v*60000; print v}' <<<"$out")
    local non2xx
    non2xx=$(sed -n 's/^ *Non-2xx or 3xx responses: *//p' <<<"$out")
    [ -z "$non2xx" ] || echo "  (wrk: $non2xx non-2xx/3xx responses)" >&2
    echo "$rps $p99"
}

# The median of a column of numbers.
median() { sort -g | awk '{v[NR]=$1} END {print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }

printf '%-22s %12s %9s %12s %9s %7s %6s\n' "" "convene/s" "p99 ms" "nginx/s" "p99 ms" "ratio" "goal"
# One row: convene and nginx in turn, $rounds times each (the machine may
# be busy with other work: taking turns shares that out), medians.
row() {
    local name=$1 goal=$2 half i c n
    shift 2
    half=$(($# / 2))
    : >"$dir/c" && : >"$dir/n"
    for i in $(seq "$rounds"); do
        measure "${@:1:$half}" >>"$dir/c"
        measure "${@:$half+1}" >>"$dir/n"
    done
    c="$(cut -d' ' -f1 "$dir/c" | median) $(cut -d' ' -f2 "$dir/c" | median)"
    n="$(cut -d' ' -f1 "$dir/n" | median) $(cut -d' ' -f2 "$dir/n" | median)"
    awk -v name="$name" -v c="$c" -v n="$n" -v goal="$goal" 'BEGIN {
        split(c, a, " "); split(n, b, " ");
        printf "%-22s %12.0f %9.2f %12.0f %9.2f %7.2f %6s\n", name, a[1], a[2], b[1], b[2], a[1]/b[1], goal }'
}

c_etag=$(etag "http://$addr$feed")
n_etag=$(etag "http://127.0.0.1:$port/feed.ics")
row "feed 200" ">=0.8" "http://$addr$feed" "http://127.0.0.1:$port/feed.ics"
row "feed 304" ">=0.8" -H "If-None-Match: $c_etag" "http://$addr$feed" \
    -H "If-None-Match: $n_etag" "http://127.0.0.1:$port/feed.ics"
row "group page 200" ">=0.5" "http://$addr$group" "http://127.0.0.1:$port/group.html"
row "schedule page 200" ">=0.5" "http://$addr$schedule" "http://127.0.0.1:$port/schedule.html"
# The 304 must really be one.
code=$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $c_etag" "http://$addr$feed")
[ "$code" = 304 ] || echo "warning: convene answered $code, not 304, to If-None-Match"
echo "convene's cache: $(curl -s "http://$addr/metrics" | grep -E '^convene_(cache_(hits|misses)_total|feed_renders_total)' | tr '\n' ' ')"
