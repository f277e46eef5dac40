# CSP Hub: `make run` serves the demo on http://127.0.0.1:8000; `make test` runs the whole suite.
# Everything is installed into .venv and node_modules in this folder.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
export DJANGO_SETTINGS_MODULE ?= csphub.settings.dev
# The suite runs on the test settings (fast hashing, DEBUG off, mail in memory, media in a
# temporary folder). The exported dev default above would otherwise win over pyproject's.
test test-fast test-browser test-postgres: export DJANGO_SETTINGS_MODULE = csphub.settings.test
# `make test BROWSER=0` skips the browser tests, and says so; by default they must run.
BROWSER ?= 1

.PHONY: install static run demo migrate test test-fast test-browser test-postgres lint architecture types format bench bench-floor bench-search bench-pack bench-load bench-pages bench-documents smoke-production clean

install: $(VENV)/.installed static

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

static: node_modules/.package-lock.json
	bash scripts/build-static.sh

migrate: install
	$(MANAGE) migrate --noinput

demo: migrate
	$(MANAGE) load_demo

run: demo
	$(MANAGE) runserver 127.0.0.1:8000

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The layers and contracts of docs/architecture.md (import-linter), and the types (mypy).
architecture: $(VENV)/.installed
	$(BIN)/lint-imports --no-cache

types: $(VENV)/.installed
	$(BIN)/mypy

format: $(VENV)/.installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The whole suite: lint, architecture and types, Django's checks, the unit/integration tests
# and the browser tests.
test: install lint architecture types
	DJANGO_SETTINGS_MODULE=csphub.settings.test $(MANAGE) check
	DJANGO_SETTINGS_MODULE=csphub.settings.test $(MANAGE) makemigrations --check --dry-run
	$(BIN)/pytest -m "not browser" -n 2 -q --durations=30
ifeq ($(BROWSER),0)
	@echo "*** BROWSER=0: the browser tests (pytest -m browser) did NOT run. ***"
else
	$(MAKE) test-browser
endif

test-fast: install
	$(BIN)/pytest -m "not browser" -n 2 -q --durations=30

test-browser: install
	bash scripts/ensure-browser.sh
	$(BIN)/pytest -m browser -q --durations=15

# The same suite against PostgreSQL (DATABASE_URL must point at a server; .ci/run sets it).
test-postgres: install
	@test -n "$(DATABASE_URL)" || (echo "Set DATABASE_URL=postgres://..." && exit 2)
	$(BIN)/pytest -m "not browser" -n 2 -q --durations=30

# The production set-up of docs/deploy.md, started and stopped (DATABASE_URL if set, else a
# fresh SQLite file): migrate, collectstatic, check --deploy, gunicorn, a page and /healthz.
smoke-production: install
	bash scripts/smoke-production.sh

# Import benchmark (not a test): 5 million real street-level rows through `csphub import-police`
# and through a plain pandas read_csv + groupby in the same run, plus the crime pack's build
# time. Writes bench/results.json; the figures go in docs/benchmarks.md.
bench: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python bench/import_bench.py --rows 5000000 \
		--postgres "$${BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/csphub_bench}"

# What the import's tools can do at best (not a test): SHA-256, DuckDB and (if installed)
# Polars over the same 5 million rows, against the pandas baseline. bench/floor_results.json.
bench-floor: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python bench/floor_bench.py --rows 5000000

# Search benchmark (not a test): 1,000 meetings and 50,000 minutes, ~50 fixed queries as the
# public and the secretariat, p50/p95 on SQLite and (with DATABASE_URL) PostgreSQL.
# Writes bench/search_results.json; the figures go in docs/benchmarks.md.
bench-search: $(VENV)/.installed
	$(BIN)/python bench/search_bench.py --meetings 1000 --minutes 50

# Agenda pack benchmark (not a test): the demo meeting of 26 March 2018 with about 100
# pages of papers laid out from the seed packs, compiled public and members' three times
# each, beside a plain pypdf merge of the same papers. Writes bench/pack_results.json.
bench-pack: $(VENV)/.installed
	$(BIN)/python bench/pack_bench.py --pages 100

# Load test (not a test): 20 users for 2 minutes against gunicorn (2 workers) on SQLite and,
# with DATABASE_URL, PostgreSQL; 0 errors and audit_verify OK expected. bench/load_results.json.
bench-load: $(VENV)/.installed
	$(BIN)/python bench/load_bench.py --seconds 120

# Page benchmark (not a test): every main public and secretariat page one request at a time,
# p50/p95 against /healthz, on SQLite and (with DATABASE_URL) PostgreSQL, at 1x and 10x the
# demo's data. Writes bench/pages_results.json; the figures go in docs/benchmarks.md.
bench-pages: $(VENV)/.installed
	$(BIN)/python bench/pages_bench.py --rounds 40

# Document benchmark (not a test): the demo plus 200 open actions; the Matters Arising
# report, minutes, agenda and crime pack PDFs through the site, cold (documents cache
# emptied) and warm. Writes bench/documents_results.json; figures in docs/benchmarks.md.
bench-documents: $(VENV)/.installed
	$(BIN)/python bench/documents_bench.py --actions 200 --runs 3

clean:
	rm -rf $(VENV) node_modules staticfiles csphub/static/csphub/main.css db.sqlite3
