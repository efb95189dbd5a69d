# Two commands for a fresh machine (see README): `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8501
# axe-core (accessibility audit injected by the real-browser tests), pinned in package-lock.json
AXE    := node_modules/axe-core/axe.min.js

.PHONY: run workshop test lint bench screenshots clean

run: $(VENV)/.deps
	$(BIN)/streamlit run serve.py --server.port $(PORT)

# Serve the room's network so members can answer on their phones (see README, "Members
# answer on their own devices"). Only this machine gets the officer pages; every other
# device gets the member page alone. `make run` stays on this machine.
workshop: $(VENV)/.deps
	@IP=$$($(BIN)/python -c "import socket; s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.connect(('10.254.254.254', 1)); print(s.getsockname()[0])" 2>/dev/null || echo 127.0.0.1); \
	echo "Serving the room's network on port $(PORT)."; \
	echo "  Projector and officers (this machine only): http://localhost:$(PORT)"; \
	echo "  Members: http://$$IP:$(PORT)/vote?round=JOIN-CODE (or scan the QR code on the projector)"; \
	echo "  Join code: open http://localhost:$(PORT)/round on the projector and click 'Open a round'."; \
	echo "  Close the round when the room is done, and stop this server (Ctrl+C) after the meeting."; \
	PMF_SELECT_ROOM=1 PMF_SELECT_MEMBER_URL=http://$$IP:$(PORT) $(BIN)/streamlit run serve.py --server.port $(PORT) \
	  --server.address 0.0.0.0 --server.enableXsrfProtection true --server.enableCORS true \
	  --server.maxUploadSize 5 --client.showErrorDetails none --client.toolbarMode viewer

test: $(VENV)/.deps-dev $(AXE)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

lint: $(VENV)/.deps-dev
	$(BIN)/ruff check .

screenshots: $(VENV)/.deps-dev $(AXE)
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

$(AXE): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

$(VENV)/.deps-dev: $(VENV)/.deps requirements-dev.txt
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

clean:
	rm -rf $(VENV) test-artifacts .pytest_cache node_modules
