# The two commands a user needs are `make serve` and `make test`; the rest are their steps.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
BUILD_DIR := _build
HTML := $(BUILD_DIR)/html
PORT ?= 8000
# Builds from several shells at once (e.g. a maintainer and a watcher) take turns.
LOCK := flock $(BUILD_DIR)/.lock

.PHONY: help venv install install-test node-deps chromium build serve lab test test-fast lint eval train bench clean

help:
	@echo "make serve   build the book and serve it on http://127.0.0.1:$(PORT)"
	@echo "make test    install test tools, build, and run every test"
	@echo "make build   build the book into $(HTML) (every notebook executed, warnings are errors)"
	@echo "make lab     open the notebooks in JupyterLab (widgets sync back to Python)"
	@echo "make eval    the self-check's agreement and the identifier guard's recall (test splits apart)"
	@echo "make train   retrain the learned scorer and the guard's name tagger (train splits only)"
	@echo "make bench   speed figures for the engines"
	@echo "make clean   remove the build and the virtual environment"

$(VENV)/.installed: requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or later is needed: install it, or run make PYTHON=python3.11 ...")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed requirements-test.txt
	$(PY) -m pip install --quiet -r requirements-test.txt
	touch $@

# axe-core (pinned in package-lock.json) for the accessibility gate; node runs the JS tests.
node_modules/.installed: package.json package-lock.json
	@command -v node >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; \
	  else echo "The tests need Node.js 18 or later (https://nodejs.org or your package manager)."; exit 1; fi; }
	npm ci --no-audit --no-fund --silent
	touch $@

venv install: $(VENV)/.installed
node-deps: node_modules/.installed
install-test: $(VENV)/.installed-test

# Browser tests drive Debian's Chromium (no browser is downloaded). As root on Debian we
# install it; otherwise we say what to install.
chromium:
	@if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || [ -n "$$CHROMIUM" ]; then \
	  exit 0; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "Installing Debian's chromium for the browser tests..."; \
	  DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
	  echo "The browser tests need Chromium. Install it first:"; \
	  echo "  Debian/Ubuntu: sudo apt-get install chromium"; \
	  echo "  macOS:         brew install --cask chromium  (then set CHROMIUM=/path/to/chromium)"; \
	  echo "  Windows:       install Chromium or Chrome and set CHROMIUM to its .exe"; \
	  exit 1; \
	fi

# A failed build removes the half-built site, so nothing incomplete is ever served.
build: $(VENV)/.installed
	@mkdir -p $(BUILD_DIR)
	@$(LOCK) $(PY) -m tools.build_book --out $(BUILD_DIR) $(if $(TOC),--toc $(TOC))

serve: build
	@echo "Serving the book on http://127.0.0.1:$(PORT) (Ctrl+C to stop)"
	$(PY) -m http.server $(PORT) --bind 127.0.0.1 --directory $(HTML)

# Live mode: the same widgets as anywidgets, with their results back in Python.
lab: $(VENV)/.installed-test
	$(VENV)/bin/jupyter lab --ip 127.0.0.1 --ServerApp.root_dir=. $$([ "$$(id -u)" = 0 ] && echo --allow-root) chapters

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check widgets tests tools

test: $(VENV)/.installed-test node_modules/.installed chromium build
	$(VENV)/bin/ruff check widgets tests tools
	node --test tests/js/
	$(PY) -m pytest tests

# Everything except the book build and the browser (quick loop while editing code).
test-fast: $(VENV)/.installed-test node_modules/.installed
	node --test tests/js/
	$(PY) -m pytest tests -m "not browser" --ignore=tests/test_book_build.py

eval: $(VENV)/.installed
	$(PY) -m tools.evaluate --all
	$(PY) -m tools.evaluate_guard

# Writes widgets/criteria/weights.json (deterministic); then regenerate the shared vectors.
train: $(VENV)/.installed-test
	$(PY) -m tools.train
	$(PY) -m tools.train_guard
	$(PY) tests/vectors/generate.py

bench: $(VENV)/.installed-test node_modules/.installed chromium build
	$(PY) -m tools.bench

clean:
	rm -rf $(BUILD_DIR) $(VENV)
