# Two commands for a newcomer: `make run` and `make test`. Everything else is a helper they call.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | sha256sum | cut -c1-12)
SUDO := $(shell [ "$$(id -u)" = "0" ] || echo sudo)
HOST ?= 127.0.0.1
PORT ?= 8501

DEMO_DB := data/demo.duckdb

.PHONY: run serve test lint format demo browser pack-deps oidc-deps clean-store bench fuzz help

help:
	@echo "make run   - set up, build the synthetic demo store if there is none, show it"
	@echo "make serve - set up and show your council's store (store.path in config.toml)"
	@echo "make test  - set up, install what the tests need, run lint and the whole test suite"
	@echo "make fuzz  - new random examples for the property tests (ROUNDS=3 rounds; make test repeats fixed ones)"

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

# The demo has a store of its own (data/demo.duckdb), so real imports never mix with it.
run: $(STAMP) pack-deps
	$(BIN)/python -m pipelines demo --if-missing
	DASHBOARD_DB=$(DEMO_DB) $(BIN)/streamlit run dashboard.py --server.address $(HOST) \
		--server.port $(PORT) --server.headless true --browser.gatherUsageStats false

serve: $(STAMP) pack-deps
	$(BIN)/streamlit run dashboard.py --server.address $(HOST) --server.port $(PORT) \
		--server.headless true --browser.gatherUsageStats false

# Debian's chromium drives the browser tests (Playwright's own browser download does not work here).
browser:
	@command -v chromium >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && \
		$(SUDO) apt-get install -y -qq chromium >/dev/null; }

# The board pack: WeasyPrint needs Pango (Debian's libpango-1.0-0 and libpangoft2-1.0-0); the pack's
# tests render the PDF with poppler-utils (pdftoppm, pdftotext). Installed when missing.
pack-deps:
	@{ ldconfig -p | grep -q libpangoft2-1.0.so.0 && command -v pdftoppm >/dev/null 2>&1; } || { \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libpango-1.0-0 \
		libpangoft2-1.0-0 poppler-utils >/dev/null; }

# Node.js runs the mock OpenID Connect provider of tests/test_oidc.py (tests/oidc/, pinned in its
# package-lock.json); Debian's nodejs and npm are installed when npm is missing.
OIDC_STAMP := tests/oidc/node_modules/.installed
oidc-deps: $(OIDC_STAMP)

$(OIDC_STAMP): tests/oidc/package.json tests/oidc/package-lock.json
	@command -v npm >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && \
		$(SUDO) apt-get install -y -qq nodejs npm >/dev/null; }
	npm ci --prefix tests/oidc --no-audit --no-fund --loglevel=error
	touch $@

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# loadgroup: the tests of one xdist_group (e.g. the OIDC ones, which share a server) run together.
test: $(STAMP) browser pack-deps oidc-deps lint
	$(BIN)/python -m pytest -q -n 2 --dist loadgroup

# New random examples for the property tests, ROUNDS times (make test repeats fixed ones).
ROUNDS ?= 3
fuzz: $(STAMP)
	for round in $$(seq $(ROUNDS)); do \
		HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest -q -n 2 \
			tests/test_indicator_properties.py tests/test_incremental_build.py \
			tests/test_spc.py tests/test_periods.py tests/test_workdays.py || exit 1; \
	done

demo: $(STAMP)
	$(BIN)/python -m pipelines demo

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_import.py
	$(BIN)/python benchmarks/bench_build.py

clean-store:
	rm -rf data/dashboard.duckdb data/dashboard.duckdb.* $(DEMO_DB) $(DEMO_DB).*
