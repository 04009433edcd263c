# Dzong: `make demo` runs the demo, `make test` runs every check. `make help` lists the rest.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
UV_VERSION := 0.13.9
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
VENV := .venv
BIN := $(VENV)/bin
DZONG := $(BIN)/dzong
HOST ?= 127.0.0.1
PORT ?= 8000
SANDBOX_PORT ?= 8001
IDENTITY_PORT ?= 8002
SMS_PORT ?= 8003
CONFORMANCE ?= ../shared/conformance/jsonlogic/tests.json
PYTEST_ARGS ?=
# The suite runs on every core (pytest-xdist) and measures coverage, which must not fall
# (fail_under in pyproject.toml); COVERAGE= leaves coverage out of a partial run.
WORKERS ?= auto
COVERAGE ?= --cov --cov-report=term

.PHONY: help install frontend messages browser pdf-tools demo screenshots test lint fmt typecheck checks pytest node-test bench clean

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

.tools/bin/uv:
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet uv==$(UV_VERSION)

$(VENV)/.installed: requirements/dev.txt pyproject.toml | $(UV)
	test -d $(VENV) || $(UV) venv --quiet --python $(PYTHON) $(VENV)
	$(UV) pip sync --quiet --python $(BIN)/python --require-hashes requirements/dev.txt
	$(UV) pip install --quiet --python $(BIN)/python --no-deps --editable .
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed frontend messages ## Install Python and npm dependencies and build assets

frontend: node_modules/.installed ## Build the CSS, fonts and scripts from their npm packages
	npm run --silent build

LOCALES := $(wildcard dzong/locale dzong/*/locale)

messages: $(VENV)/.installed ## Compile the translations (fails on an untranslated or fuzzy string)
	for folder in $(LOCALES); do \
	  $(BIN)/python -m dzong.i18n_check $$folder; \
	  $(BIN)/pybabel compile --statistics -D django -d $$folder -l dz; \
	done

browser: ## Install Debian's Chromium for the browser tests, when it is missing
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	@chromium --version

# Certificates: Pango and the Tibetan font for WeasyPrint, and poppler's pdfsig/pdftotext for tests.
PDF_PACKAGES := fonts-ddc-uchen fonts-dejavu-core poppler-utils libpango-1.0-0 libpangoft2-1.0-0
pdf-tools: ## Install Debian's Tibetan font and poppler tools for certificates, when missing
	@dpkg -s $(PDF_PACKAGES) >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(PDF_PACKAGES) >/dev/null; }
	@pdfsig -v 2>&1 | sed -n 1p  # sed reads to the end: head would close the pipe early (SIGPIPE under pipefail)

demo: export DZONG_DEMO ?= 1
demo: install pdf-tools ## Set up and serve the demo on http://127.0.0.1:8000
	mkdir -p var
	$(DZONG) migrate --no-input -v0
	$(DZONG) createcachetable
	$(DZONG) collectstatic --no-input -v0
	$(DZONG) load_demo
	@echo; echo "Dzong is running on http://$(HOST):$(PORT)/, the sandbox payment gateway on http://$(HOST):$(SANDBOX_PORT)/, the sandbox national identity on http://$(HOST):$(IDENTITY_PORT)/, the sandbox SMS gateway (text messages sent) on http://$(HOST):$(SMS_PORT)/  (Ctrl+C stops them all)"
	export DZONG_EMAIL_BACKEND=$${DZONG_EMAIL_BACKEND:-django.core.mail.backends.console.EmailBackend}; \
	export DZONG_SECURE_COOKIES=$${DZONG_SECURE_COOKIES:-0}; \
	export DZONG_PAYMENT_GATEWAY_URL=$${DZONG_PAYMENT_GATEWAY_URL:-http://$(HOST):$(SANDBOX_PORT)}; \
	export DZONG_SITE_URL=$${DZONG_SITE_URL:-http://$(HOST):$(PORT)}; \
	export DZONG_OIDC_PROVIDER_URL=$${DZONG_OIDC_PROVIDER_URL:-http://$(HOST):$(IDENTITY_PORT)/o}; \
	export DZONG_SIGN_IN_METHODS=$${DZONG_SIGN_IN_METHODS:-password,national-identity,wallet,sms-code}; \
	export DZONG_WALLET_LINK=$${DZONG_WALLET_LINK:-http://$(HOST):$(IDENTITY_PORT)/wallet/}; \
	export DZONG_WALLET_OFFER_LINK=$${DZONG_WALLET_OFFER_LINK:-http://$(HOST):$(IDENTITY_PORT)/wallet/}; \
	export DZONG_WALLET_TRUSTED_ISSUERS=$${DZONG_WALLET_TRUSTED_ISSUERS:-http://$(HOST):$(IDENTITY_PORT)}; \
	export DZONG_SMS_GATEWAY=$${DZONG_SMS_GATEWAY:-http}; \
	export DZONG_SMS_URL=$${DZONG_SMS_URL:-http://$(HOST):$(SMS_PORT)/messages}; \
	$(BIN)/python -m dzong.demo_supervisor -- $(DZONG) db_worker --interval 0.2 & worker=$$!; \
	$(BIN)/python -m dzong.demo_supervisor --every 120 -- $(DZONG) sweep & sweeper=$$!; \
	$(BIN)/python -m dzong.payments.sandbox_server --host $(HOST) --port $(SANDBOX_PORT) & sandbox=$$!; \
	$(BIN)/python -m dzong.identity_sandbox --host $(HOST) --port $(IDENTITY_PORT) --key-file var/identity-sandbox-key.pem & identity=$$!; \
	$(BIN)/python -m dzong.notifications.sms_sandbox --host $(HOST) --port $(SMS_PORT) & sms=$$!; \
	trap "kill $$worker $$sweeper $$sandbox $$identity $$sms 2>/dev/null" EXIT; \
	$(DZONG) runserver --noreload $(HOST):$(PORT)

TEST_PARTS := install browser pdf-tools lint typecheck checks node-test pytest
test: ## Install everything and run every check (prints the time each part took)
	@times=""; for part in $(TEST_PARTS); do \
	  start=$$(date +%s); \
	  $(MAKE) --no-print-directory $$part || { echo "make test: $$part failed" >&2; exit 1; }; \
	  times="$$times\n  $$part: $$(( $$(date +%s) - start )) s"; \
	done; printf "make test: every part passed; time per part:$$times\n"

lint: $(VENV)/.installed ## ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: $(VENV)/.installed ## Format the code
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

typecheck: $(VENV)/.installed ## mypy
	$(BIN)/mypy dzong

checks: $(VENV)/.installed ## Django's checks, migrations, demo definitions and JsonLogic conformance
	$(DZONG) makemigrations --check --dry-run
	DZONG_SECRET_KEY=check-deploy-$$(date +%s)-a-long-random-string-of-sixty-characters-or-more \
	  DZONG_PAYMENT_HMAC_SECRET=check-deploy-$$(date +%s)-gateway-secret \
	  DZONG_HSTS_SECONDS=31536000 DZONG_SSL_REDIRECT=1 $(DZONG) check --deploy --fail-level WARNING
	$(DZONG) service check demo/services/*.yaml
	$(DZONG) rules test $(CONFORMANCE) dzong/engine/cases/edge_cases.json

node-test: node_modules/.installed ## The browser's JsonLogic evaluator under Node
	JSONLOGIC_CONFORMANCE=$(CONFORMANCE) node --test frontend/tests/

pytest: $(VENV)/.installed ## The Python test suite, browser journeys included
	folder=$$(mktemp -d -p /dev/shm dzong-test.XXXXXX 2>/dev/null || mktemp -d); \
	trap 'rm -rf "$$folder"' EXIT; \
	DZONG_TEST_DATABASE=$${DZONG_TEST_DATABASE:-$$folder/test.sqlite3} \
	  $(BIN)/pytest -n $(WORKERS) $(COVERAGE) $(PYTEST_ARGS)

SECTIONS ?=
bench: install ## Print performance figures (SECTIONS="api signed" runs only those; see dzong/bench)
	$(BIN)/python -m dzong.bench $(SECTIONS)

clean: ## Remove installed and built files (keeps var/)
	rm -rf $(VENV) .tools node_modules dzong/static/dzong/build dzong/test-assets

SCREENSHOTS ?= var/screenshots
screenshots: install browser pdf-tools ## Screenshots of every journey page at 360 and 1280 px, both languages, in var/screenshots
	folder=$$(mktemp -d -p /dev/shm dzong-screenshots.XXXXXX 2>/dev/null || mktemp -d); \
	trap 'rm -rf "$$folder"' EXIT; \
	DZONG_SCREENSHOTS=$(abspath $(SCREENSHOTS)) DZONG_TEST_DATABASE=$$folder/test.sqlite3 \
	  $(BIN)/pytest -n 0 -p no:cacheprovider -q -s dzong/portal/tests/screenshots.py
