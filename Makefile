# cxlab: `make run` sets everything up and serves the app; `make test` runs the test suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
FRAMEWORKS := six_pillars seven_habits customer_centric_transformation function_roles

.PHONY: run install setup test test-postgres lint messages screenshots clean

$(BIN)/django-admin: requirements.txt requirements-dev.txt constraints-build.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade "pip>=25.3"
	$(BIN)/pip install --quiet --build-constraint constraints-build.txt -r requirements-dev.txt
	touch $@

install: $(BIN)/django-admin

setup: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py loaddata $(FRAMEWORKS)
	$(BIN)/python manage.py demo
	$(BIN)/python manage.py demo_organisation --admin demo@cxlab.example
	$(BIN)/python manage.py demo_organisation --name "Northwind Retail" --teams 6 \
		--responses 80 --language it --consultant demo@cxlab.example

# The mail worker runs beside the server and stops with it.
run: setup
	$(BIN)/python manage.py db_worker & trap 'kill $$!' EXIT; $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install
	$(BIN)/pytest

# The same suite on PostgreSQL (DATABASE_URL defaults to the local server).
test-postgres: install
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/cxlab} $(BIN)/pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run

messages: install
	$(BIN)/python manage.py makemessages -l it --ignore=.venv --ignore=staticfiles
	$(BIN)/python manage.py compilemessages --ignore=.venv

# The reports at desktop and phone sizes in English and Italian, and their PDFs' first pages.
screenshots: install
	CXLAB_SCREENSHOTS=docs/screenshots $(BIN)/pytest tests/test_browser_reports.py

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
