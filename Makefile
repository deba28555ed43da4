# Set-up is part of every target: a fresh machine needs only python3 and make.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: serve test test-fast test-slow bench check eval

$(VENV)/.base: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e .
	touch $@

# The test extras include sentence-transformers with torch==2.13.0 (a CPU build on these machines' disk) and
# Playwright (its driver only: the browser is Debian's chromium; PDFs are read back with poppler-utils).
$(VENV)/.test: $(VENV)/.base
	$(BIN)/pip install -q -e '.[test,st]'
	command -v chromium >/dev/null && command -v pdftotext >/dev/null || \
	  { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium poppler-utils; }
	touch $@

serve: $(VENV)/.base  ## start the service on the shipped corpus at http://127.0.0.1:8000
	$(BIN)/kb serve

test: test-fast test-slow  ## the whole test suite: fast tier, then the tier with the real models

test-fast: $(VENV)/.test
	$(BIN)/python -m pytest

test-slow: $(VENV)/.test  ## the real models, the web page in Chromium, and a short load and soak run
	HF_HUB_OFFLINE=1 KB_SOAK_SECONDS=$${KB_SOAK_SECONDS:-10} $(BIN)/python -m pytest -m "slow or e2e or load"

check: $(VENV)/.base
	$(BIN)/kb check

bench: $(VENV)/.test
	$(BIN)/python bench/perf.py

eval: $(VENV)/.base  ## the search-quality table (embeds the corpus with both packaged encoders the first time)
	$(BIN)/kb eval
