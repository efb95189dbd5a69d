# Two commands for a fresh machine (see README): `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8501
# axe-core (accessibility audit injected by the real-browser tests), pinned in package-lock.json
AXE    := node_modules/axe-core/axe.min.js

.PHONY: run test lint bench screenshots clean

run: $(VENV)/.deps
	$(BIN)/streamlit run app.py --server.port $(PORT)

test: $(VENV)/.deps-dev $(AXE)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

lint: $(VENV)/.deps-dev
	$(BIN)/ruff check .

screenshots: $(VENV)/.deps-dev $(AXE)
	$(BIN)/python -m pytest tests/e2e -k screenshots
	@echo "screenshots in test-artifacts/"

bench: $(VENV)/.deps
	@for f in benchmarks/bench_*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done

$(VENV)/.deps: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

$(AXE): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

$(VENV)/.deps-dev: $(VENV)/.deps requirements-dev.txt
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

clean:
	rm -rf $(VENV) test-artifacts .pytest_cache node_modules
