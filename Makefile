# The two commands: `make demo` and `make test`. Each sets everything up from a fresh clone.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CHROMIUM ?= /usr/bin/chromium
DEMO := packs/demo

.PHONY: demo test setup browser axe hub-proxy bench clean screenshots

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,hub]'
	@touch $(STAMP)

setup: $(STAMP)

# Debian's Chromium for the browser tests (Playwright must never download its own browser), and
# poppler-utils (pdfinfo, pdftoppm) for the tests that measure and render the report's PDF pages.
browser:
	@if [ -x $(CHROMIUM) ] && command -v pdfinfo >/dev/null && command -v pdftoppm >/dev/null; then :; \
	elif [ "$$(id -u)" = "0" ]; then \
		echo "Installing Debian's chromium and poppler-utils (needed by the browser and PDF tests)..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils >/dev/null; \
	else \
		echo "Chromium or poppler-utils is missing and you are not root. Run: sudo apt-get install chromium poppler-utils   then run make test again."; exit 1; \
	fi

# axe-core, injected into pages by the accessibility tests.
axe: node_modules/axe-core/axe.min.js
node_modules/axe-core/axe.min.js:
	npm install --prefix . --no-audit --no-fund --silent axe-core@4

# configurable-http-proxy, the proxy in front of `panel-tool hub` (JupyterHub's own, from npm).
hub-proxy: node_modules/.bin/configurable-http-proxy
node_modules/.bin/configurable-http-proxy:
	npm install --prefix . --no-audit --no-fund --silent configurable-http-proxy@4

test: setup browser axe hub-proxy
	$(BIN)/python -m pytest -q

demo: setup
	@mkdir -p $(DEMO)
	$(BIN)/panel-tool synth --kind stop-search --rows 2000 --seed 7 --out $(DEMO)/force-export.csv
	$(BIN)/panel-tool validate $(DEMO)/force-export.csv
	$(BIN)/panel-tool synth --kind use-of-force --rows 500 --seed 7 --out $(DEMO)/use-of-force.csv
	$(BIN)/panel-tool validate $(DEMO)/use-of-force.csv
	$(BIN)/panel-tool pack build $(DEMO)/force-export.csv --out $(DEMO)/demo.pack.db --sample 12 --seed 7 \
		--key-file $(DEMO)/force.key --title "Demo panel: stop and search" --force-name "West Yorkshire Police" --force
	$(BIN)/panel-tool pack show $(DEMO)/demo.pack.db --cases
	@echo ""
	@echo "Demo pack: $(DEMO)/demo.pack.db   (pseudonym key kept apart in $(DEMO)/force.key)"
	@echo ""
	$(BIN)/panel-tool members add $(DEMO)/demo.pack.db "Demo Amira" "Demo Ben" "Demo Chloe"
	@echo "A facilitator reads every case before release; for the demo's synthetic cases we approve them all."
	$(BIN)/panel-tool pack approve $(DEMO)/demo.pack.db --all
	$(BIN)/panel-tool pack release $(DEMO)/demo.pack.db --key-file $(DEMO)/force.key
	@echo "demo facilitator passphrase" | $(BIN)/panel-tool pack facilitator $(DEMO)/demo.pack.db
	@echo "demo force liaison passphrase" | $(BIN)/panel-tool pack liaison $(DEMO)/demo.pack.db
	@echo "Demo passphrases (a real panel chooses its own, typed at the terminal):"
	@echo "  facilitator: demo facilitator passphrase     force liaison: demo force liaison passphrase"
	@echo ""
	@echo "A simulated panel on a copy of the pack, to show the force's report (simulated members, never real ones):"
	@rm -f $(DEMO)/simulated.pack.db $(DEMO)/simulated.pack.db-wal $(DEMO)/simulated.pack.db-shm
	cp $(DEMO)/demo.pack.db $(DEMO)/simulated.pack.db
	$(BIN)/panel-tool simulate $(DEMO)/simulated.pack.db --members 12 --seed 7
	@echo "A facilitator checks members' words before the report; for the simulated members' words we approve them all."
	$(BIN)/panel-tool words approve $(DEMO)/simulated.pack.db --all
	$(BIN)/panel-tool report $(DEMO)/simulated.pack.db --out $(DEMO)/simulated-report.html
	@echo "The simulated panel's report: $(DEMO)/simulated-report.html"
	@echo ""
	@echo "Open the link below in a browser and sign in with one of the codes above. Ctrl-C stops the server."
	$(BIN)/panel-tool serve $(DEMO)/demo.pack.db --key-file $(DEMO)/force.key

# A PNG of every screen at 360 and 1280 px, to look at before each release.
screenshots: setup browser
	$(BIN)/python -m tests.screenshots screenshots

bench: setup hub-proxy
	$(BIN)/python -m pip install --quiet -e '.[test,hub,bench]'
	$(BIN)/python benchmarks/ingest.py
	$(BIN)/python benchmarks/pack_build.py
	$(BIN)/python benchmarks/redaction.py
	$(BIN)/python benchmarks/redaction_realistic.py
	$(BIN)/python benchmarks/redaction_unseen_names.py
	$(BIN)/python benchmarks/review_load.py
	$(BIN)/python benchmarks/review_load.py --room
	$(BIN)/python benchmarks/report.py
	$(BIN)/python benchmarks/hub_load.py

clean:
	rm -rf $(VENV) node_modules packs/demo screenshots
