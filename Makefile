# Two commands for a fresh machine (see README): `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8501

.PHONY: run test lint bench screenshots clean

run: $(VENV)/.deps
	$(BIN)/streamlit run app.py --server.port $(PORT)

test: $(VENV)/.deps-dev
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

lint: $(VENV)/.deps-dev
	$(BIN)/ruff check .

screenshots: $(VENV)/.deps-dev
	$(BIN)/python -m pytest tests/e2e -k screenshots
	@echo "screenshots in test-artifacts/"

# Every benchmark prints its own table (figure, target, met?); the summary at the end
# collects them all and says plainly which targets were missed. The browser benchmark
# needs playwright (dev requirements) and Debian's chromium.
bench: $(VENV)/.deps-dev
	@summary=$$(mktemp); \
	for f in benchmarks/bench_*.py; do echo "== $$f"; BENCH_SUMMARY=$$summary $(BIN)/python $$f || exit 1; done; \
	$(BIN)/python -m benchmarks.report $$summary; rm -f $$summary

$(VENV)/.deps: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.deps-dev: $(VENV)/.deps requirements-dev.txt
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

clean:
	rm -rf $(VENV) test-artifacts .pytest_cache
