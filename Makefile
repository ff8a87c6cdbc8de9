# Union Press Archive (工会报刊档案库): `make serve` runs the site, `make test` runs the tests.
# Everything is installed into .venv on first use; nothing needs installing by hand.

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3 2>/dev/null)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install serve test browser

install: $(STAMP)

# Re-run pip only when the dependencies (pyproject.toml) change.
$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "python3.11 (or python3) is needed to create $(VENV)" >&2; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e '.[test,postgres]'
	touch $@

serve: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py load_samples
	$(BIN)/python manage.py check_search_index --repair
	$(BIN)/gunicorn -c config/gunicorn.py config.wsgi -b $(HOST):$(PORT)

# The browser tests drive Debian's chromium through Playwright; a Chinese font makes their
# screenshots legible. Installed once, as root, the way CI runs.
browser:
	@command -v chromium >/dev/null && fc-list :lang=zh 2>/dev/null | grep -q . || \
		{ apt-get update && apt-get install -y --no-install-recommends chromium fonts-wqy-microhei; }

# The whole suite on SQLite, then again on a throwaway PostgreSQL server (Debian's package,
# installed and started by scripts/with_postgres.py; skipped, saying why, where it cannot be).
# The browser tests serve an archive of their own, on SQLite, so they run once.
test: install browser
	$(BIN)/pytest
	$(BIN)/python scripts/with_postgres.py $(BIN)/pytest -p no:cacheprovider --ignore=tests/e2e
