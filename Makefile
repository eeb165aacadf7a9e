# hoso — the README's two commands are `make run` and `make test`.
PY      := .venv/bin/python
PIP     := .venv/bin/pip
HOST    ?= 127.0.0.1
PORT    ?= 8000
PEOPLE  ?= 20000

.PHONY: setup run test test-sqlite test-postgres bench lint lock demo messages test-slow bundle

# Installs everything hoso needs into .venv/ (and the Debian packages tests need), idempotent.
setup: .venv/.installed
	@scripts/system-packages.sh

.venv/.installed: requirements.lock
	python3 -m venv .venv
	$(PIP) install -q --upgrade pip
	$(PIP) install -q --require-hashes -r requirements.lock
	touch $@

# Sets up, creates the SQLite database, loads demo data once, prints the accounts, serves hoso
# (with the background worker that runs report generation, imports and exports).
run: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py demo --people $(PEOPLE) --if-empty
	$(PY) manage.py demo_accounts
	scripts/serve-dev.sh $(HOST) $(PORT)

# The whole suite on SQLite, then again on PostgreSQL when one answers on 127.0.0.1:5432.
test: setup
	$(PY) -m ruff check .
	scripts/test.sh

# Extracts the messages into locale/en/LC_MESSAGES/django.po and compiles it: translate the new
# entries, run it again, commit the .po and the .mo (fresh machines use the .mo without gettext).
messages:
	$(PY) manage.py makemessages -l en --no-obsolete --ignore=.venv --ignore=var --ignore=bench --ignore=test-artifacts
	$(PY) manage.py compilemessages -l en --ignore=.venv

bench: setup
	$(PY) bench/run_all.py

# Slow tests (minutes): the air-gapped install from a bundle (core/tests/test_offline_install.py).
test-slow: setup
	HOSO_SLOW_TESTS=1 $(PY) -m pytest -q -s -m slow

# The offline bundle dist/hoso-bundle-<version>.tar.gz (docs/offline-install.md); needs network once.
bundle: setup
	scripts/bundle.sh

lint: setup
	$(PY) -m ruff check . && $(PY) -m ruff format --check .

# Regenerates the lock file (developers only; needs uv).
lock:
	uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 -o requirements.lock
