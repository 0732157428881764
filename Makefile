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

# The PDF tests against the newest WeasyPrint release (or WEASYPRINT_NEXT=weasyprint==X.Y), in
# a venv of their own; what blocks the upgrade is in benchmarks/README.md.
WEASYPRINT_NEXT ?= weasyprint
NEXT_VENV ?= .venv-weasyprint-next
PDF_TESTS := tests/test_weasyprint.py tests/test_footnote_area.py tests/test_publish.py tests/test_publish_layouts.py

test-weasyprint-next: system-packages
	test -x $(NEXT_VENV)/bin/python || $(PYTHON) -m venv $(NEXT_VENV)
	$(NEXT_VENV)/bin/python -m pip install -q -e '.[test]'
	$(NEXT_VENV)/bin/python -m pip install -q --upgrade '$(WEASYPRINT_NEXT)'
	$(NEXT_VENV)/bin/python -c "import weasyprint; print('WeasyPrint', weasyprint.__version__)"
	$(NEXT_VENV)/bin/python -m pytest -q $(PDF_TESTS)

clean:
	rm -rf build
