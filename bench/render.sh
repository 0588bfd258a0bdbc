#!/usr/bin/env bash
# Rendering 10 000 events: convene's writer (cargo bench, model and bytes)
# beside python icalendar building and serialising the same events
# (bench/render_python.py, in a venv made here), and the ratio.
#
#   bash bench/render.sh
set -euo pipefail
cd "$(dirname "$0")/.."
venv=${VENV:-target/bench-venv}
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet icalendar
fi
rust=$(cargo bench --quiet -p convene-core --bench render 2>/dev/null | tee /dev/stderr | sed -n 's/^render 10000 events (model + bytes): median \([0-9.]*\) ms.*/\1/p')
py_line=$("$venv/bin/python" bench/render_python.py "${PY_RUNS:-3}" --no-vtimezone)
echo "$py_line"
py=$(echo "$py_line" | sed -n 's/.*median \([0-9.]*\) ms.*/\1/p')
echo "convene ${rust} ms, python icalendar ${py} ms: $(echo "$py / $rust" | bc -l | xargs printf '%.0f')x faster"
