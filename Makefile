# The README's two commands are `make run` and `make test`; the rest are helpers.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
NODE_INSTALLED := node_modules/.installed
HOST ?= 127.0.0.1
PORT ?= 5000
export FLASK_APP := wsgi

PYBABEL_EXTRACT := $(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext \
	--no-location --sort-output --project="OCOP storefront" --copyright-holder="OCOP storefront"

.PHONY: run serve run-prod test install translations translations-extract translations-update \
	translations-compile migrate seed index lint bench-pages bench-search bench-checkout \
	bench-wrk bench-rush soak clean

## run: install, migrate, load the sample catalogue, build the index, serve on :5000
run: install translations-compile migrate seed index serve

## serve: only the server of `make run` (gunicorn, one worker with threads, over SQLite):
## a worker that dies is logged and replaced by gunicorn's master, the shop stays up
RUN_WORKERS ?= 1
RUN_THREADS ?= 8
serve:
	@echo "Serving on http://$(HOST):$(PORT)"
	STOREFRONT_SESSION_COOKIE_SECURE=false STOREFRONT_BIND=$(HOST):$(PORT) \
		STOREFRONT_WORKERS=$(RUN_WORKERS) STOREFRONT_THREADS=$(RUN_THREADS) \
		STOREFRONT_ACCESS_LOG=- $(BIN)/gunicorn -c gunicorn.conf.py wsgi:app

## run-prod: gunicorn (gunicorn.conf.py) against PostgreSQL, as in production, on :8000
PROD_DATABASE_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/storefront
run-prod: export DATABASE_URL := $(PROD_DATABASE_URL)
run-prod: export STOREFRONT_LOG_FORMAT := json
run-prod: install translations-compile
	$(BIN)/python scripts/ensure_database.py
	$(BIN)/flask db upgrade
	$(BIN)/flask seed catalog --if-empty
	$(BIN)/flask search reindex
	@echo "Serving with gunicorn on http://127.0.0.1:8000 (plain http: cookies not Secure)"
	STOREFRONT_SESSION_COOKIE_SECURE=false $(BIN)/gunicorn -c gunicorn.conf.py wsgi:app

## test: install what tests need and run every test (unit, integration, e2e)
test: install translations-compile $(NODE_INSTALLED)
	$(BIN)/ruff check storefront tests bench scripts catalog_seed
	$(BIN)/pytest

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(INSTALLED): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

install: $(INSTALLED)

# axe-core is injected into pages by the accessibility tests.
$(NODE_INSTALLED): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

translations-compile: install
	$(BIN)/pybabel compile --domain messages -d translations --statistics

translations-extract: install
	$(PYBABEL_EXTRACT) -o translations/messages.pot .

## translations-update: extract messages and merge them into vi/en (then translate vi)
translations-update: translations-extract
	$(BIN)/pybabel update -i translations/messages.pot -d translations \
		--no-fuzzy-matching --ignore-obsolete --width 100
	$(BIN)/python scripts/fill_english_catalogue.py

translations: translations-update translations-compile

migrate: install
	$(BIN)/flask db upgrade

seed: migrate
	$(BIN)/flask seed catalog --if-empty

index: seed
	$(BIN)/flask search reindex

lint: install
	$(BIN)/ruff check storefront tests bench scripts catalog_seed

bench-pages: install translations-compile
	$(BIN)/python bench/pages.py

bench-search: install
	$(BIN)/python bench/search.py

## bench-checkout: orders per second through the checkout (SQLite; DATABASE= for PostgreSQL)
bench-checkout: install
	$(BIN)/python bench/checkout.py $(if $(DATABASE),--database-url $(DATABASE))

## bench-wrk: wrk against one gunicorn (4 workers), 100,000 products on PostgreSQL
bench-wrk: install translations-compile
	$(BIN)/python bench/wrk_pages.py $(if $(DATABASE),--database-url $(DATABASE))

## bench-rush: 200 buyers on 32 threads racing for 50 units of one product (PostgreSQL)
bench-rush: install translations-compile
	$(BIN)/python bench/checkout_rush.py $(if $(DATABASE),--database-url $(DATABASE))

## soak: 10 minutes of mixed traffic against a running `make run-prod` (start it first:
## STOREFRONT_MAX_REQUESTS=0 STOREFRONT_RATELIMIT_API="100000 per minute" make run-prod)
soak: install
	$(BIN)/python bench/soak.py

clean:
	rm -rf $(VENV) node_modules .pytest_cache .ruff_cache *.egg-info
