# Two commands on a fresh machine:
#   make lab    set everything up and open the course in JupyterLab
#   make test   set everything up and run every test (what CI runs)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: setup lab test lint unit notebooks clean

setup: $(STAMP)

# Reinstalls only when the package definition changes, so a second `make test` is quick.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

lab: setup
	$(BIN)/jupyter lab --notebook-dir=notebooks $(LAB_ARGS)

lint: setup
	$(BIN)/ruff check course_utils tests notebooks
	$(BIN)/ruff format --check course_utils tests

# Unit tests and every notebook executed by nbval in fast mode, in one pytest run.
test: lint
	COURSE_FAST=1 $(BIN)/python -m pytest tests notebooks \
		--nbval-lax --nbval-current-env -p no:cacheprovider $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) build slides/build
