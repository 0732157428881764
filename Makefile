# Quick start: `make brief` then `make test`. Both install the Debian packages briefgen needs
# (as root or with passwordless sudo; otherwise they stop with the apt-get line to run) and
# create .venv when absent.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: brief test lint install clean system-packages test-weasyprint-next

system-packages:
	@.ci/system-packages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed

brief: system-packages $(VENV)/.installed
	$(BIN)/briefgen build

test: system-packages $(VENV)/.installed-test
	$(BIN)/ruff check briefgen tests benchmarks
	$(BIN)/lint-imports
	$(BIN)/python -m pytest

lint: $(VENV)/.installed-test
	$(BIN)/ruff check briefgen tests benchmarks
	$(BIN)/lint-imports

clean:
	rm -rf build
