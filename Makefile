# KÖP Match: `make run` sets everything up and serves the app; `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := FLASK_APP=app $(BIN)/flask
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test test-browser install install-dev translations extract-messages update-catalogs lint

run: install translations instance/config.py
	$(FLASK) db upgrade
	$(FLASK) seed
	$(FLASK) demo
	@echo "Serving KÖP Match on http://$(HOST):$(PORT)/"
	$(FLASK) run --host $(HOST) --port $(PORT)

# Two workers (pytest-xdist, each with its own database) that take the next test when idle;
# PYTEST_ARGS="-n 0 -x" for one. Compiled modules are cached between runs even where the
# environment says not to (PYTHONDONTWRITEBYTECODE): each worker starts 2-3 s sooner.
PYTEST_ARGS ?= -n 2 --dist worksteal
test: install-dev translations
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -q $(PYTEST_ARGS)

# Only the browser tests (Debian's chromium; they also run in `make test`).
test-browser: install-dev translations
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -q -m e2e $(PYTEST_ARGS)

install: $(VENV)/.installed

# The app's own dependencies for `make run`; the test tools only for `make test`.
$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

install-dev: $(VENV)/.installed-dev

$(VENV)/.installed-dev: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

instance/config.py:
	mkdir -p instance
	$(BIN)/python -c "import secrets; print('SECRET_KEY = ' + repr(secrets.token_hex(32)))" > $@
	@echo "Wrote a new random SECRET_KEY to $@"

# Compile the sv/da/en catalogs (the .mo files are build output, not committed).
translations: install
	$(BIN)/pybabel -q compile -d app/translations

# For developers: pull new strings from the code into the catalogs, then translate them.
extract-messages: install-dev
	$(BIN)/pybabel -q extract -F babel.cfg -k _l -k N_ -o app/translations/messages.pot --no-location --no-wrap --sort-output --project "KÖP Match" app matching
update-catalogs: extract-messages
	$(BIN)/pybabel -q update -i app/translations/messages.pot -d app/translations --no-fuzzy-matching --ignore-obsolete --no-wrap

lint: install-dev
	$(BIN)/ruff check .

