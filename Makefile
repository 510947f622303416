# bidkit — two commands for a newcomer: `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint bench libreoffice clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

## demo: install bidkit and build the shipped example into out/
demo: $(STAMP)
	$(BIN)/bidkit build examples/lviv-substations/bid.yaml

## test: install what the tests need (LibreOffice included) and run every check
test: $(STAMP) libreoffice lint
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check bidkit tests tools bench setup.py
	$(BIN)/mypy

## bench: time a cold and a warm build of a generated 10,000-line bid against the I/O floor
bench: $(STAMP)
	$(BIN)/python bench/run.py

## libreoffice: install LibreOffice headless and poppler with apt-get when missing
libreoffice:
	@bash tools/ensure-libreoffice.sh

clean:
	rm -rf out .pytest_cache .mypy_cache .ruff_cache
