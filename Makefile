# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: run test check clean-data

## Install (first time only) and start the app on http://127.0.0.1:8501; an empty data folder
## gets the demo team. `PROFICIO_DEMO=0 make run` asks instead: the demo, or your own team.
run: $(VENV)/.installed
	PROFICIO_DEMO=$${PROFICIO_DEMO:-1} $(PY) -m streamlit run dashboard/app.py

## Install (first time only) and run every test.
test: $(VENV)/.installed
	$(PY) -m pytest

## Lint, type-check and check the layer contracts (what CI runs before the tests).
check: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

## Forget the local data (database, indexes); the next start begins afresh.
clean-data:
	rm -rf data
