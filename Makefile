# make run   — set up everything and serve the demo on http://127.0.0.1:5000
# make test  — set up the dev environment, lint, and run the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app volunteer
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: help run serve test lint check format test-pg bench translations clean assets

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml hatch_build.py $(wildcard volunteer/translations/*/LC_MESSAGES/*.po) | $(BIN)/activate
	$(BIN)/pip install -q -e '.[dev]'
	@touch $@

# The scanner's QR decoder and the progress charts come from the npm registry (package.json) and is copied into
# volunteer/static/vendor/ (gitignored); the stamp rebuilds it when the pinned versions change.
ASSETS := volunteer/static/vendor/.built
# The static files again under content-hashed names, with gzip and brotli copies, in
# volunteer/static_dist/ (gitignored): served with a year's cache (volunteer/core/static_files.py).
STATIC_DIST := volunteer/static_dist/cache_manifest.json

assets: $(ASSETS) $(STATIC_DIST) ## Install the browser libraries (QR decoder, charts) from npm, then hash and compress the static files

$(ASSETS): package.json package-lock.json scripts/build-vendor.mjs
	npm ci --no-audit --no-fund
	npm run build
	@touch $@

$(STATIC_DIST): $(ASSETS) $(shell find volunteer/static -type f -not -name '.*') volunteer/core/static_files.py | $(VENV)/.installed
	$(BIN)/python -m volunteer.core.static_files

instance/config.py:
	@mkdir -p instance
	@$(BIN)/python -c "import secrets; print(f'SECRET_KEY = {secrets.token_hex(32)!r}')" > $@
	@echo "Wrote a new random SECRET_KEY to $@"

run: $(VENV)/.installed $(ASSETS) $(STATIC_DIST) instance/config.py ## Install, migrate, load the demo once, serve on 127.0.0.1:5000 with the background worker
	VOLUNTEER_INSTANCE_PATH=$(CURDIR)/instance $(FLASK) db upgrade
	VOLUNTEER_INSTANCE_PATH=$(CURDIR)/instance $(FLASK) demo-data
	VOLUNTEER_INSTANCE_PATH=$(CURDIR)/instance $(FLASK) worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	VOLUNTEER_INSTANCE_PATH=$(CURDIR)/instance $(FLASK) run --host $(HOST) --port $(PORT)

lint: $(VENV)/.installed ## ruff check and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

check: $(VENV)/.installed $(ASSETS) ## Architecture contracts (import-linter), types (mypy), JavaScript (ESLint)
	$(BIN)/lint-imports --no-logo --no-cache
	$(BIN)/mypy
	npm run --silent lint

format: $(VENV)/.installed ## Apply ruff's formatting and safe fixes
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# pytest exits 5 when it collected nothing: say so, and fail, since such a run proves nothing.
PYTEST = $(BIN)/pytest || { status=$$?; [ $$status -ne 5 ] || echo "pytest collected no tests" >&2; exit $$status; }

test: lint check $(ASSETS) $(STATIC_DIST) ## Lint and run the whole pytest suite (SQLite; set VOLUNTEER_TEST_DATABASE_URL for PostgreSQL)
	$(PYTEST)

TEST_PG_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/volunteer_test

test-pg: $(VENV)/.installed $(ASSETS) $(STATIC_DIST) ## The suite on PostgreSQL (TEST_PG_URL, default volunteer_test on 127.0.0.1)
	export VOLUNTEER_TEST_DATABASE_URL=$(TEST_PG_URL); $(PYTEST)

bench: $(VENV)/.installed ## Run the benchmarks under bench/
	$(BIN)/python bench/import_staff.py
	$(BIN)/python bench/checkin.py
	$(BIN)/python bench/progress.py
	$(BIN)/python bench/certificates.py
	$(BIN)/python bench/review.py
	$(BIN)/python bench/static_files.py

translations: $(VENV)/.installed ## Extract new strings into the English catalogue (then translate them)
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k N_ --ignore-dirs '.*' \
		--no-location --sort-output \
		-o volunteer/translations/messages.pot .
	$(BIN)/pybabel update -i volunteer/translations/messages.pot -d volunteer/translations -l en \
		--no-fuzzy-matching --ignore-obsolete
	$(BIN)/pybabel compile -d volunteer/translations --statistics

clean: ## Remove the venv and build products (keeps instance/)
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache .mypy_cache node_modules volunteer/static/vendor volunteer/static_dist
