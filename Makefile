# Guichet unique — the commands a newcomer needs. See README.md.
VENV   ?= .venv
PYTHON ?= python3.11
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1:8000
# The portal's address in emails: in development, the one make run serves (unless given).
SITE_URL ?= http://$(HOST)

.PHONY: install run test lint format bench bench-redis-url worker beat clean territoire-france

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	SITE_URL="$(SITE_URL)" $(BIN)/python manage.py runserver $(HOST)

# The tests' OpenID Provider (tests/oidc: oidc-provider, run by node), at the pinned versions.
OIDC := tests/oidc
$(OIDC)/node_modules/.installed: $(OIDC)/package.json $(OIDC)/package-lock.json
	cd $(OIDC) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The official territory of all France (@etalab/decoupage-administratif, pinned), read by
# `manage.py charger_territoire --departements 90,25` or `--tout`; make run does without it.
TERRITOIRE := guichet/territoire/npm
$(TERRITOIRE)/node_modules/.installed: $(TERRITOIRE)/package.json $(TERRITOIRE)/package-lock.json
	cd $(TERRITOIRE) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

territoire-france: $(TERRITOIRE)/node_modules/.installed

# One pytest process per core (pytest-xdist), each with its own test database and its own Redis
# databases (tests/conftest.py: base_redis_du_processus).
PYTEST_WORKERS ?= auto
test: install $(OIDC)/node_modules/.installed $(TERRITOIRE)/node_modules/.installed
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# A database of its own: the benchmark fills it with 100,000 demandes; the France section
# (issue #23) fills two more, the same name followed by _france (1,000,000) and _france_90.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/guichet_bench
# The database named by the URL (its last path segment) is created on the same server if missing.
BENCH_BASE = $(lastword $(subst /, ,$(BENCH_DATABASE_URL)))
# BENCH_REDIS_URL (no default, e.g. redis://127.0.0.1:6379/14): the broker of the benchmark's
# gunicorn and Celery worker; it and the next database (their cache) are emptied at each run.
$(VENV)/.bench: pyproject.toml | $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e ".[dev,bench]"
	touch $@

bench-redis-url:
	@test -n "$(BENCH_REDIS_URL)" || { echo "BENCH_REDIS_URL : nommez la base Redis que le banc d'essai peut vider (et la suivante), ex. BENCH_REDIS_URL=redis://127.0.0.1:6379/14 make bench" >&2; exit 2; }

bench: bench-redis-url install $(VENV)/.bench $(TERRITOIRE)/node_modules/.installed
	@psql "$(BENCH_DATABASE_URL)" -c "SELECT 1" >/dev/null 2>&1 || \
	  psql "$(dir $(BENCH_DATABASE_URL))postgres" -c 'CREATE DATABASE "$(BENCH_BASE)"'
	DATABASE_URL="$(BENCH_DATABASE_URL)" BENCH_REDIS_URL="$(BENCH_REDIS_URL)" $(BIN)/python -m bench

worker: install
	$(BIN)/celery -A guichet worker --loglevel=info

beat: install
	$(BIN)/celery -A guichet beat --loglevel=info

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache
