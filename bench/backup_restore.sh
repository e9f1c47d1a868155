#!/usr/bin/env bash
# Backup, then restore, then the same pages, with the server running: gunicorn (DEBUG=0) on
# 127.0.0.1 serves a scratch PostgreSQL database; the pages below are fetched, `make backup`
# writes a backup, the data is changed (every commitment renamed) and the pages are seen to
# change, `make restore` puts the backup back, and every page must be byte for byte as before
# (the running server's cached facet index and pages included). On a scratch database only:
#
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/<scratch> bench/backup_restore.sh
set -euo pipefail
cd "$(dirname "$0")/.."

: "${DATABASE_URL:?set DATABASE_URL to a scratch PostgreSQL database}"
case "$DATABASE_URL" in *bench*) echo "not on a benchmark corpus: this writes" >&2; exit 2 ;; esac
PORT=${PORT:-8033}
OUT=bench/out/backup-restore
rm -rf "$OUT" && mkdir -p "$OUT"
export DEBUG=0 DATABASE_URL ALLOWED_HOSTS=127.0.0.1 LOG_LEVEL=WARNING
export SECRET_KEY=${SECRET_KEY:-backup-bench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz}
export DJANGO_SETTINGS_MODULE=bench.settings

PAGES=$(.venv/bin/python manage.py shell -c "
from commitments.models import Commitment, Meeting, Statement
from django.db.models import Q
paths = ['/', '/meetings/', '/feeds/mentions/', '/sitemap.xml', '/sitemap-commitments.xml',
         '/sitemap-statements.xml', '/api/commitments', '/api/meetings', '/export/commitments.csv',
         '/?sort=title', '/?stage=achieved']
paths += [c.get_absolute_url() for c in Commitment.objects.filter(meeting_count__gt=0).order_by('-mention_count', 'id')[:5]]
paths += [m.get_absolute_url() for m in Meeting.objects.filter(published=True).order_by('-start_date')[:3]]
paths += [s.get_absolute_url() for s in Statement.objects.filter(published_at__isnull=False).order_by('id')[:3]]
print(' '.join(paths))" | tail -1)

.venv/bin/gunicorn trilat.wsgi --bind "127.0.0.1:$PORT" --workers 2 --error-logfile "$OUT/gunicorn.log" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do curl -fsS -o /dev/null "http://127.0.0.1:$PORT/robots.txt" 2>/dev/null && break; sleep 0.3; done

fetch() {  # fetch DIR: every page, twice (both workers likely), kept in DIR
    mkdir -p "$1"
    local n=0
    for page in $PAGES; do
        n=$((n + 1))
        for round in 1 2; do
            curl -fsS "http://127.0.0.1:$PORT$page" -o "$1/$n.$round" || echo "failed: $page" >&2
        done
    done
}

# Feeds and the JSON export carry the time they were made: compare without those lines.
same() { diff -q <(grep -v -e generated_at "$1") <(grep -v -e generated_at "$2") >/dev/null; }

fetch "$OUT/before"
started=$(date +%s.%N)
backup=$(make -s backup FILE="$OUT/trilat.dump" | tail -1)
echo "backup: $backup ($(du -h "$backup" | cut -f1), $(printf %.1f "$(echo "$(date +%s.%N) - $started" | bc)") s)"
.venv/bin/python manage.py shell -c "
from commitments.models import Commitment
for c in Commitment.objects.all()[:2000]:
    c.title = 'Changed after the backup'
    c.save()"
fetch "$OUT/changed"
changed=0
for file in "$OUT"/before/*; do same "$file" "$OUT/changed/$(basename "$file")" || changed=$((changed + 1)); done
echo "after the change: $changed of $(ls "$OUT"/before | wc -l) page fetches differ"
started=$(date +%s.%N)
make -s restore FILE="$backup" NOINPUT=1
echo "restore: $(printf %.1f "$(echo "$(date +%s.%N) - $started" | bc)") s, server running"
fetch "$OUT/after"
different=0
for file in "$OUT"/before/*; do
    same "$file" "$OUT/after/$(basename "$file")" || { different=$((different + 1)); echo "differs: $file"; }
done
echo "after the restore: $different of $(ls "$OUT"/before | wc -l) page fetches differ from before"
[ "$different" -eq 0 ] && [ "$changed" -gt 0 ]
