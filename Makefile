# Trilat: `make run` to try it, `make test` to check it. See README.md.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: venv run data test lint format serve bench clean backup restore fuzz

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[dev]'
	touch $@

venv: $(VENV)/.installed

# Migrate, then load the source texts and the curated corpus (both idempotent).
data: venv
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py loaddemo

run: data
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

test: lint
	$(PY) -m pytest

lint: venv
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .

format: venv
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Production-style server: gunicorn, whitenoise, DEBUG off (needs SECRET_KEY). The worker timeout
# (WORKER_TIMEOUT seconds) stays far above the longest request ingestion's limits allow: the
# largest batch confirms in about 40 s (bench/ingest_batch.py; docs/reliability.md).
serve: venv
	$(PY) manage.py collectstatic --noinput -v0
	$(PY) manage.py migrate --noinput
	$(VENV)/bin/gunicorn trilat.wsgi --bind $(HOST):$(PORT) --workers $${WEB_CONCURRENCY:-3} \
		--timeout $${WORKER_TIMEOUT:-300} --graceful-timeout 30 --access-logfile -

# Backups of the whole database (docs/reliability.md): pg_dump/pg_restore on PostgreSQL, a copy
# of the database file on SQLite. `make backup [FILE=path]` prints where it wrote;
# `make restore FILE=path [NOINPUT=1]` replaces the data in one transaction (asks first).
backup: venv
	$(PY) manage.py backup $(FILE)

restore: venv
	@test -n "$(FILE)" || { echo "make restore FILE=backups/trilat-....dump" >&2; exit 2; }
	$(PY) manage.py restore "$(FILE)" $(if $(NOINPUT),--noinput)

# The fuzz harness (tests/fuzz) for longer than the suite runs it: FUZZ_EXAMPLES examples per
# property (default 2000) from a new random seed each run, on the database of DATABASE_URL.
fuzz: venv
	FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-2000} FUZZ_RANDOM=1 $(PY) -m pytest tests/fuzz -q -p no:cacheprovider

clean:
	rm -rf $(VENV) staticfiles test-artifacts .pytest_cache .ruff_cache
