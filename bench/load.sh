#!/usr/bin/env bash
# Bounded load on the browser and a timeline page: gunicorn with production settings (DEBUG=0,
# a SECRET_KEY, PostgreSQL), wrk on 127.0.0.1 only, 50 connections for 60 s per page. The browser
# is asked twice: its unfiltered address over and over (answered from each worker's page cache
# after its first view), then MIXES different random filter mixes in turn (bench/paths.lua; each
# worker keeps 500 pages, so nearly every one is drawn). Prints
# throughput, latency, errors (non-2xx/3xx responses and socket errors, timeouts included) and each
# worker's peak resident memory (VmHWM). Stops gunicorn by itself when done or interrupted.
#
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/trilat_bench bench/load.sh
#   CONNECTIONS=50 DURATION=60s WORKERS=3 PORT=8765 WRK_TIMEOUT=10s MIXES=5000 bench/load.sh
set -euo pipefail
cd "$(dirname "$0")/.."

: "${DATABASE_URL:?set DATABASE_URL to the benchmark database (see bench/README.md)}"
case "$DATABASE_URL" in postgres*) ;; *) echo "bench/load.sh needs PostgreSQL" >&2; exit 2 ;; esac
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 2; }

PORT=${PORT:-8765}
WORKERS=${WORKERS:-3}
CONNECTIONS=${CONNECTIONS:-50}
DURATION=${DURATION:-60s}
WRK_TIMEOUT=${WRK_TIMEOUT:-10s}
MIXES=${MIXES:-5000}
OUT=bench/out
mkdir -p "$OUT"
export DEBUG=0 DATABASE_URL
export SECRET_KEY=${SECRET_KEY:-load-bench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz}
export ALLOWED_HOSTS=127.0.0.1
export LOG_LEVEL=WARNING

.venv/bin/python manage.py collectstatic --noinput -v0
TIMELINE=$(.venv/bin/python manage.py shell -c "
from commitments.models import Commitment
print(Commitment.objects.order_by('-mention_count', 'id').first().get_absolute_url())" | tail -1)

.venv/bin/python -c "
import sys
sys.path.insert(0, '.')
from bench.common import filter_combinations, setup
setup()
print('\n'.join(filter_combinations($MIXES)))" > "$OUT/paths.txt"

.venv/bin/gunicorn trilat.wsgi --bind "127.0.0.1:$PORT" --workers "$WORKERS" \
    --pid "$OUT/gunicorn.pid" --error-logfile "$OUT/gunicorn.log" &
MASTER=$!
stop() { kill "$MASTER" 2>/dev/null || true; wait "$MASTER" 2>/dev/null || true; }
trap stop EXIT INT TERM

for _ in $(seq 1 50); do
    curl -fsS -o /dev/null "http://127.0.0.1:$PORT/" 2>/dev/null && break
    sleep 0.5
done
curl -fsS -o /dev/null "http://127.0.0.1:$PORT$TIMELINE" || { echo "the app does not answer" >&2; exit 1; }

echo "machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(free -g | awk '/Mem:/ {print $2}') GB RAM"
echo "gunicorn: $WORKERS workers, DEBUG=0; wrk: $CONNECTIONS connections, $DURATION per page, timeout $WRK_TIMEOUT"
status=0
for page in "/" "mixes" "$TIMELINE"; do
    echo
    if [ "$page" = mixes ]; then
        echo "== GET the browser with $(wc -l < "$OUT/paths.txt") different filter mixes in turn"
        script=(--script bench/paths.lua) page=/
    else
        echo "== GET $page"
        script=()
    fi
    wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --timeout "$WRK_TIMEOUT" --latency "${script[@]}" \
        "http://127.0.0.1:$PORT$page" | tee "$OUT/wrk.txt"
    errors=$(awk '/Non-2xx or 3xx responses:/ {n += $NF}
                  /Socket errors:/ {gsub(",", ""); n += $4 + $6 + $8 + $10}
                  END {print n + 0}' "$OUT/wrk.txt")
    echo "errors: $errors"
    [ "$errors" -eq 0 ] || status=1
done

echo
echo "== worker peak resident memory (VmHWM; target < 300 MB)"
for pid in $(pgrep -P "$MASTER"); do
    hwm=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
    echo "worker $pid: $((hwm / 1024)) MB"
    [ "$hwm" -lt $((300 * 1024)) ] || status=1
done
exit $status
