# bidkit — two commands for a newcomer: `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo portal test lint bench libreoffice portal-tools clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

## demo: install bidkit and build the shipped example into out/
demo: $(STAMP)
	$(BIN)/bidkit build examples/lviv-substations/bid.yaml

## portal: start the demo portal (sample firms, the example bid, one login per role) and print its address
portal: $(STAMP)
	$(BIN)/bidkit portal init --demo
	$(BIN)/bidkit portal serve

## test: install what the tests need (LibreOffice, Chromium, PostgreSQL) and run every check;
## the portal's tests run on SQLite with the rest, then once more on a throw-away PostgreSQL
test: $(STAMP) libreoffice portal-tools lint
	$(BIN)/python -m pytest -q
	$(BIN)/python -m tests.postgres $(BIN)/python -m pytest -q tests/portal

lint: $(STAMP)
	$(BIN)/ruff check bidkit tests tools bench setup.py
	$(BIN)/mypy

## bench: time a cold and a warm build of a generated 10,000-line bid against the I/O floor
bench: $(STAMP)
	$(BIN)/python bench/run.py

## libreoffice: install LibreOffice headless and poppler with apt-get when missing
libreoffice:
	@bash tools/ensure-libreoffice.sh

## portal-tools: install Chromium and PostgreSQL with apt-get when missing (browser and database tests)
portal-tools:
	@bash tools/ensure-portal-tools.sh

clean:
	rm -rf out .pytest_cache .mypy_cache .ruff_cache
