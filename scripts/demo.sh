#!/bin/bash
# Set up what is missing, then run the chapter 2 hello example for a few seconds while
# starting programs, so its trace lines show up.
# usage: scripts/demo.sh [SECONDS]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SECS=${1:-5}
"$ROOT/scripts/setup.sh"
PYTHON=${PYTHON:-python3}
echo "demo: running examples/chapter2/hello.py for ${SECS}s (Ctrl-C stops it early)"
"$PYTHON" "$ROOT/examples/chapter2/hello.py" &
pid=$!
trap 'kill -INT $pid 2>/dev/null || true' EXIT
sleep 1.5
end=$((SECONDS + SECS))
while [ $SECONDS -lt $end ] && kill -0 $pid 2>/dev/null; do
  /bin/true; /bin/ls / >/dev/null; sleep 0.5
done
kill -INT $pid 2>/dev/null || true
wait $pid || true
trap - EXIT
echo "demo: done"
