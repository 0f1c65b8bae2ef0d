# Two commands on a fresh machine:
#   make lab    set everything up and open the student edition in JupyterLab (build/lab/, never the sources)
#   make test   set everything up and run every test (what CI runs)
#   make lab-es la edición en español: the Spanish student edition, JupyterLab in Spanish
# On Linux, TORCH=cpu takes PyTorch's CPU-only wheel (a few hundred MB) instead of PyPI's CUDA build (GB):
#   make lab TORCH=cpu
# For instructors and contributors:
#   make lab-instructor  a copy of the instructor notebooks (solutions in place) in build/instructor/
#   make lab-source      the sources in notebooks/, for contributors (saved without outputs)
#   make clean-notebooks clear outputs and execution counts of notebooks/ (builds refuse dirty sources)
#   make format          ruff's fixes and formatting; `make lint` checks them (part of make test)
#   make slides   offline reveal.js decks in slides/build/ (executes the notebooks in full mode, on the
#                 28 x 28 MNIST sample: SLIDES_DATASET=digits for the 8 x 8 digits)
#   make student  the student version in build/student/ (solutions replaced by stubs)
#   make nbgrader an nbgrader course folder in build/nbgrader/ (one assignment per notebook)
#   make site     the course website in build/site/ (executes the notebooks in full mode)
PYTHON ?= python3
# Python writes its bytecode caches (__pycache__/, in .venv and in the repository, git-ignored) whatever the
# calling shell says. With PYTHONDONTWRITEBYTECODE set, as it was on the machine where this was measured,
# every kernel compiled torch, scikit-learn and SciPy from source again: 20 s of imports instead of 7 s.
unexport PYTHONDONTWRITEBYTECODE
# The decks' data set: course_tools' default (mnist_5k, 28 x 28) unless SLIDES_DATASET names another.
SLIDES_DATASET ?=
VENV   := .venv
BIN    := $(VENV)/bin
# A student's install (the course library and JupyterLab), and the full one (+ build tooling, tests).
STUDENT_STAMP := $(VENV)/.installed-student
FULL_STAMP    := $(VENV)/.installed-full
NPM_STAMP := slides/node_modules/.installed
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# TORCH=cpu installs torch from PyTorch's CPU-only index first, so the course's pin finds it installed.
TORCH ?=
TORCH_VERSION := 2.13.0
TORCH_CPU_INDEX := https://download.pytorch.org/whl/cpu
INSTALL_TORCH := $(if $(filter cpu,$(TORCH)),$(BIN)/python -m pip install --quiet --index-url $(TORCH_CPU_INDEX) torch==$(TORCH_VERSION),@true)

.PHONY: setup lab lab-es lab-instructor lab-source test lint format clean-notebooks student nbgrader slides site browser clean

setup: $(FULL_STAMP)

# Each reinstalls only when the package definition changes, so a second `make test` is quick.
$(STUDENT_STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(INSTALL_TORCH)
	$(BIN)/python -m pip install --quiet --no-compile -e .
	touch $@

$(FULL_STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(INSTALL_TORCH)
	$(BIN)/python -m pip install --quiet --no-compile -e '.[tools,dev,es]'
	touch $@ $(STUDENT_STAMP)

# reveal.js, MathJax, require.js and jQuery, pinned in slides/package.json (build-time only, not committed).
$(NPM_STAMP): slides/package.json
	cd slides && npm install --no-package-lock --no-audit --no-fund --loglevel=error
	touch $(NPM_STAMP)

# Debian's Chromium for the browser tests (Playwright drives it; it cannot download a browser here).
browser:
	@command -v chromium >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null; }

# The student edition, built into build/lab/en/ with the student install only; a rebuild keeps every
# notebook the student has worked in (python -m course_tools lab does the same without make).
lab: $(STUDENT_STAMP)
	$(BIN)/python -m course_tools lab $(if $(LAB_ARGS),-- $(LAB_ARGS))

# The Spanish edition (la edición en español), with JupyterLab's own interface in Spanish.
ES_STAMP := $(VENV)/.installed-es
$(ES_STAMP): $(STUDENT_STAMP)
	$(BIN)/python -m pip install --quiet -e '.[es]'
	touch $@

lab-es: $(ES_STAMP)
	$(BIN)/python -m course_tools lab --lang es $(if $(LAB_ARGS),-- $(LAB_ARGS))

lab-instructor: $(STUDENT_STAMP)
	$(BIN)/python -m course_tools lab --instructor $(if $(LAB_ARGS),-- $(LAB_ARGS))

# Contributors: JupyterLab on the sources in notebooks/, every save without outputs.
lab-source: $(STUDENT_STAMP)
	$(BIN)/python -m course_tools lab --source $(if $(LAB_ARGS),-- $(LAB_ARGS))

clean-notebooks: $(STUDENT_STAMP)
	$(BIN)/python -m course_tools clean

LINTED := course_utils course_tools tests benchmarks notebooks
lint: setup
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)

format: setup
	$(BIN)/ruff check --fix $(LINTED)
	$(BIN)/ruff format $(LINTED)

student: setup
	$(BIN)/python -m course_tools student --out build/student

nbgrader: setup
	$(BIN)/python -m course_tools nbgrader --out build/nbgrader

slides: setup $(NPM_STAMP)
	$(BIN)/python -m course_tools slides $(if $(SLIDES_DATASET),--dataset $(SLIDES_DATASET)) $(SLIDES_ARGS)

site: setup $(NPM_STAMP)
	$(BIN)/python -m course_tools site $(SITE_ARGS)

# One pytest run on two workers (pytest-xdist; every kernel on one CPU thread), all in a shorter run: the unit
# tests of the library (tests/unit), of the tooling and the repository (tests/tools: among them nbgrader
# autograding in both languages, and every English notebook executed once, seeds moved by 1, for the decks,
# the site and the figure tests), the browser tests (tests/browser, marker `browser`: decks and site in both
# languages, and JupyterLab running every student notebook, 01 in Spanish, with the seeds as written), and nbval
# executing every Spanish instructor notebook (written by `translate` into build/test/es/) with every seed
# moved by 2 (tests/nbval_offsets.py): three sets of seeds in one CI run. --dist loadfile keeps a notebook's
# cells on one worker, in order, in one kernel, and a test file's module fixtures on one worker.
# Quicker, without a browser: make test PYTEST_ARGS='-m "not browser"'.
# A shorter run's cell takes seconds; one that runs 300 s is a hung kernel, and fails instead of waiting
# (nbval's default is 2,000 s a cell). The set-up steps (pip, Debian's Chromium, npm) run side by side.
SPANISH_TEST_NOTEBOOKS := build/test/es
test:
	$(MAKE) --no-print-directory -j3 lint browser $(NPM_STAMP)
	rm -rf $(SPANISH_TEST_NOTEBOOKS)
	$(BIN)/python -m course_tools translate --out $(SPANISH_TEST_NOTEBOOKS) > /dev/null
	COURSE_FAST=1 OMP_NUM_THREADS=1 $(BIN)/python -m pytest -n 2 --dist loadfile --no-loadscope-reorder -p tests.nbval_offsets \
		tests $(SPANISH_TEST_NOTEBOOKS) --nbval-lax --nbval-current-env --nbval-cell-timeout=300 \
		-p no:cacheprovider $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) build slides/build slides/node_modules
