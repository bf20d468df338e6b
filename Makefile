# Marsad: `make demo` runs it, `make test` tests it. See README.md.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# Tests get a throw-away data folder so they never touch ./marsad-data.
TEST_DATA_DIR := $(shell mktemp -d -u /tmp/marsad-test.XXXXXX)

.PHONY: demo serve test test-fast lint fmt messages bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed-app: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed-app

demo: $(VENV)/.installed-app
	$(BIN)/marsad demo

serve: $(VENV)/.installed-app
	$(BIN)/marsad serve

test: $(VENV)/.installed-dev
	./scripts/ensure-system-packages
	MARSAD_DATA_DIR=$(TEST_DATA_DIR) $(BIN)/pytest
	rm -rf $(TEST_DATA_DIR)

test-fast: $(VENV)/.installed-dev
	MARSAD_DATA_DIR=$(TEST_DATA_DIR) $(BIN)/pytest -m "not e2e"
	rm -rf $(TEST_DATA_DIR)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	MARSAD_DATA_DIR=$(TEST_DATA_DIR) $(BIN)/mypy src
	rm -rf $(TEST_DATA_DIR)

fmt: $(VENV)/.installed-dev
	$(BIN)/ruff check --fix src tests benchmarks
	$(BIN)/ruff format src tests benchmarks

messages: $(VENV)/.installed-dev
	cd src/marsad && ../../$(BIN)/marsad manage makemessages -l ar -l he -l en --ignore '*/migrations/*'
	cd src/marsad && ../../$(BIN)/marsad manage compilemessages

bench: $(VENV)/.installed-dev
	for b in benchmarks/*.py; do $(BIN)/python $$b; done

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info
