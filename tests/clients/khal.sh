#!/usr/bin/env bash
# Imports a calendar into a scratch khal and lists one event's instances.
# Usage: khal.sh KHAL FEED UID FROM TO   (KHAL: the khal executable)
# Prints each instance's start and end in UTC, one per line, sorted.
set -euo pipefail
KHAL="$1" FEED="$2" UID_="$3" FROM="$4" TO="$5"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/cal"
cat > "$WORK/config" <<CONF
[calendars]
[[feed]]
path = $WORK/cal
[locale]
local_timezone = UTC
default_timezone = UTC
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%dT%H:%M:%SZ
longdatetimeformat = %Y-%m-%dT%H:%M:%SZ
[sqlite]
path = $WORK/khal.db
CONF
export XDG_DATA_HOME="$WORK" XDG_CACHE_HOME="$WORK"
"$KHAL" -c "$WORK/config" import --batch -a feed "$FEED" >/dev/null
"$KHAL" -c "$WORK/config" list --day-format "" \
    --format "{start}|{end}|{uid}" "$FROM" "$TO" |
    awk -F'|' -v u="$UID_" '$3 == u { print $1 " " $2 }' | sort
