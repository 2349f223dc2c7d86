# Summit: `make run` serves the demo summit, `make test` runs every check.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install lint format clean bench bench-smoke

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Summit needs Python 3.11 or newer; set PYTHON=python3.x")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall whenever the dependencies change.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --editable ".[dev]"
	@touch $@

# axe-core, injected into pages by the browser tests (tests/e2e); without npm they skip.
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: the browser tests (tests/e2e) will skip"; fi

install: $(VENV)/.installed

# Without SITE_URL, the links in emails and calendars point where this serves.
run: export HOST := $(HOST)
run: export PORT := $(PORT)
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	@echo "Summit: http://$(HOST):$(PORT)/  (Ctrl-C stops the web server, worker and beat)"
	@trap 'kill $$(jobs -p) 2>/dev/null; wait' EXIT; \
	$(BIN)/celery -A config worker --beat --loglevel=INFO --concurrency=2 & \
	$(BIN)/python manage.py runserver $(HOST):$(PORT) --noreload & \
	wait -n

test: install node_modules/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest

# Every hot path on PostgreSQL, Redis and gunicorn (DATABASE_URL/REDIS_URL, else the
# machine's 127.0.0.1 services, database summit_bench): bench/results/latest.md.
bench: install
	$(BIN)/python -m bench

# The same harness with small counts and no targets (CI): bench/results/smoke.md.
bench-smoke: install
	$(BIN)/python -m bench --smoke

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache .ruff_cache
