# Two commands do all set-up on a fresh machine (see README.md):
#   make run    set everything up and serve the site on SQLite at http://127.0.0.1:8000/
#   make test   set everything up and run the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
MANAGE := $(BIN)/python manage.py
VAR := var

.PHONY: run test test-quick setup install lock lint format messages translations-check superuser

# Served on every address (0.0.0.0), the site is opened at loopback or the machine's name.
OPEN_AT := http://$(if $(filter 0.0.0.0 :: [::],$(HOST)),127.0.0.1,$(HOST)):$(PORT)

# The site and, beside it, the worker that sends the e-mails, started again whenever it stops
# (a crash, kill -9); Ctrl+C stops both. The settings allow HOST, loopback and the machine's
# name, and links in e-mails point to HOST:PORT (loopback when HOST is 0.0.0.0) unless
# DJANGO_SITE_URL says otherwise.
run: setup
	@echo ""
	@echo "  KISS study visit site: open $(OPEN_AT)/  (admin: $(OPEN_AT)/fr/admin/)"
	@echo ""
	export KISS_RUN_HOST=$(HOST) KISS_RUN_PORT=$(PORT); \
	( trap 'kill $$child 2>/dev/null; exit 0' INT TERM; \
	  while true; do $(MANAGE) send_emails & child=$$!; wait $$child; \
	    echo "The e-mail worker stopped: starting it again." >&2; sleep 2; done ) & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) runserver $(HOST):$(PORT)

test: install
	$(BIN)/pytest $(PYTEST_ARGS)

# Day-to-day: everything but the browser tests and the slow ones (servers started and stopped,
# races between threads); `make test` before pushing runs them all.
test-quick: install
	$(BIN)/pytest -m "not browser and not slow" $(PYTEST_ARGS)

# Virtual environment and every dependency, direct or not, at the version and with the hashes of
# the lock (requirements-dev.lock: the site's and the tests'); redone only when the lock changes.
install: $(VENV)/.installed

$(VENV)/.installed: requirements-dev.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.lock
	touch $@

# requirements.txt and requirements-dev.txt are the lists people edit (direct dependencies,
# pinned); the locks are made from them by pip-compile (pip-tools, in a virtual environment of
# its own under var/): requirements.lock for a server, requirements-dev.lock for development and
# CI. Versions already locked are kept; `make lock UPGRADE=1` takes the newest of the indirect
# ones. Commit the .txt and the .lock together (tests/test_requirements_lock.py checks them).
LOCK_VENV := $(VAR)/lock-venv
PIP_COMPILE := CUSTOM_COMPILE_COMMAND="make lock" $(LOCK_VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe \
	--strip-extras --no-emit-index-url --no-emit-find-links $(if $(UPGRADE),--upgrade)
lock:
	test -x $(LOCK_VENV)/bin/pip-compile || { $(PYTHON) -m venv $(LOCK_VENV) && \
	  $(LOCK_VENV)/bin/pip install --quiet pip-tools==7.6.2; }
	$(PIP_COMPILE) --output-file requirements.lock requirements.txt
	$(PIP_COMPILE) --output-file requirements-dev.lock requirements-dev.txt

# Database, programme, compiled translations and static files.
setup: install
	$(MANAGE) migrate --noinput
	$(MANAGE) load_programme
	$(MANAGE) setup_organisers
	if command -v msgfmt >/dev/null; then $(MANAGE) compilemessages --ignore=$(VENV) --ignore=$(VAR) --verbosity 0; fi
	$(MANAGE) collectstatic --noinput --verbosity 0

superuser: install
	$(MANAGE) createsuperuser

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Refresh the catalogues after changing user-visible strings; then translate and compile. The
# site speaks five languages; English is the language of the source strings, so it has no
# catalogue of its own. A catalogue whose messages did not change is left as it is, byte for
# byte (registrations/management/commands/makemessages.py): on a clean checkout, nothing changes.
TRANSLATED := fr es it el
messages: install
	$(MANAGE) makemessages $(addprefix --locale ,$(TRANSLATED)) --ignore=$(VENV) --ignore=var --no-obsolete
	$(MANAGE) compilemessages --ignore=$(VENV) --ignore=$(VAR)

# Every language has its catalogue, every message is translated, and the committed .mo is
# compiled from the committed .po.
translations-check:
	@for code in $(TRANSLATED); do \
	  test -f locale/$$code/LC_MESSAGES/django.po || { echo "locale/$$code has no catalogue"; exit 1; }; \
	done
	@mkdir -p $(VAR); for po in locale/*/LC_MESSAGES/django.po; do \
	  stats=$$(msgfmt --check --statistics -o /dev/null "$$po" 2>&1) || { echo "$$stats"; exit 1; }; \
	  echo "$$po: $$stats"; \
	  case "$$stats" in *untranslated*|*fuzzy*) echo "$$po is not fully translated"; exit 1;; esac; \
	  msgfmt --check-format -o "$(VAR)/check.mo" "$$po"; \
	  cmp -s "$(VAR)/check.mo" "$${po%.po}.mo" || { echo "$${po%.po}.mo is stale: run make messages"; exit 1; }; \
	done
