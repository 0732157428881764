# Quick start: `make brief` then `make test`. Both create .venv when absent.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: brief test lint install clean

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

brief: $(VENV)/.installed
	$(BIN)/briefgen build

test: $(VENV)/.installed-test
	$(BIN)/ruff check briefgen tests benchmarks
	$(BIN)/lint-imports
	$(BIN)/python -m pytest

lint: $(VENV)/.installed-test
	$(BIN)/ruff check briefgen tests benchmarks
	$(BIN)/lint-imports

clean:
	rm -rf build
