# The two commands: `make run` serves the portal with demo data, `make test` checks everything.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP_PY := $(VENV)/.installed
STAMP_JS := node_modules/.installed

.PHONY: run test install lint migrate demo messages clean restartcheck loadtest bench

run: install migrate demo
	$(BIN)/python manage.py runserver 127.0.0.1:8000

install: $(STAMP_PY) $(STAMP_JS)

$(STAMP_PY): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

$(STAMP_JS): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: install
	$(BIN)/python manage.py seed_demo

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run

test: lint
	$(BIN)/python -m pytest

# The portal on PostgreSQL recovers by itself when the database restarts (needs root and a
# local cluster; DATABASE_URL defaults to the local familjecentral database).
restartcheck: install
	$(BIN)/python scripts/restart_check.py

# 50 clients for 60 s against gunicorn on PostgreSQL: prints requests, errors and lost saves.
loadtest: install
	$(BIN)/python scripts/loadtest.py

# Every page at national size (seed_scale on PostgreSQL) under gunicorn: latency, req/s,
# queries and the ratio to a minimal view; the workers' peak memory.
bench: install
	$(BIN)/python scripts/bench.py

# Regenerate the Swedish catalogue after changing UI text, then fill in the new msgstr lines.
messages: install
	$(BIN)/python manage.py makemessages -l sv --ignore=node_modules --ignore=.venv --no-obsolete
	$(BIN)/python manage.py compilemessages -l sv --ignore=node_modules --ignore=.venv

clean:
	rm -rf $(VENV) node_modules staticfiles
