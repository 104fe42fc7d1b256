# The two commands a newcomer needs: `make run` and `make test`.
# Everything else (venv, packages, system libraries, the bundled database)
# is set up on the way, and is quick the second time.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
SYSLIB := $(VENV)/.syslibs
BUNDLED := db/build/amur.sqlite
DB_INPUTS := db/schema.sql $(wildcard db/*.csv) explorer/data/build.py

export QT_API := pyside6

.PHONY: run test bench lint db dist clean setup

run: setup
	$(VENV)/bin/amur-explorer

test: setup
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q $(PYTEST_ARGS)

setup: $(SYSLIB) $(STAMP) $(BUNDLED)

$(SYSLIB):
	@scripts/ensure-system-libs.sh
	@mkdir -p $(VENV) && touch $@

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	@touch $@

db: $(BUNDLED)
$(BUNDLED): $(STAMP) $(DB_INPUTS)
	$(PY) -m explorer.data.build $@

lint: setup
	$(VENV)/bin/lint-imports

bench: setup
	QT_QPA_PLATFORM=offscreen $(PY) -m bench.run_all

dist: setup
	$(MAKE) -C packaging

clean:
	rm -rf $(VENV) db/build build dist
