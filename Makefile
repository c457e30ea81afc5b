# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
MANAGE := $(BIN)/python manage.py

.PHONY: run test install lint format bench lock clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml requirements.lock
	$(BIN)/pip install --quiet -c requirements.lock -e ".[test]"
	touch $@

install: $(VENV)/.installed

# The first command generates this install's SECRET_KEY into .secret-key (cms/settings/dev.py);
# ensure_admin prints the admin's password, kept in .admin-password. Both are git-ignored.
run: install
	$(MANAGE) ensure_database
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo_content
	$(MANAGE) set_site_url http://127.0.0.1:$(PORT)
	$(MANAGE) ensure_admin
	@echo "Site : http://127.0.0.1:$(PORT)/"
	WAGTAILADMIN_BASE_URL=http://127.0.0.1:$(PORT) $(MANAGE) runserver 127.0.0.1:$(PORT)

# axe-core (npm) for the accessibility checks of the browser tests; without npm they are skipped.
NPM := $(shell command -v npm 2>/dev/null)

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The whole suite in parallel (pytest-xdist: each worker has its own test database and live
# server), one worker more than cores: the browser and live-server tests spend part of their
# time waiting on Chromium or the server. `make test PYTEST_WORKERS=0` runs it in one process.
PYTEST_WORKERS ?= $(shell $(PYTHON) -c "import os; print((os.cpu_count() or 1) + 1)")

test: install $(if $(NPM),node_modules/.installed)
	$(BIN)/pytest -n $(PYTEST_WORKERS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Benchmark (not part of `make test`): its own PostgreSQL database, generated once, then
# measured; results in benchmarks/results/<date>.md. See docs/cache-et-performances.md.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/coeur_bench
BENCH := DJANGO_SETTINGS_MODULE=benchmarks.settings DATABASE_URL=$(BENCH_DATABASE_URL)

bench: install
	$(BENCH) $(MANAGE) ensure_database
	$(BENCH) $(MANAGE) createcachetable
	$(BENCH) $(MANAGE) migrate --noinput -v0
	$(BENCH) $(MANAGE) collectstatic --noinput -v0
	$(BENCH) $(BIN)/python benchmarks/generate_dataset.py
	$(BENCH) $(BIN)/python benchmarks/run.py

# Regenerates the pinned set after a change of dependencies in pyproject.toml.
lock: $(BIN)/python
	$(BIN)/pip install --quiet --upgrade -e ".[test]"
	$(BIN)/pip freeze --exclude-editable | grep -v '^-e' > requirements.lock

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
