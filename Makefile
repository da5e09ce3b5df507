# Two commands matter (README): `make demo` and `make test`. Both bootstrap .venv on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP_RUN := $(VENV)/.installed-run
STAMP_DEV := $(VENV)/.installed-dev
# The MCP Inspector (npm), pinned by tests/inspector/package-lock.json, for tests/integrations/test_mcp_clients.py.
INSPECTOR := tests/inspector/node_modules/.installed

.PHONY: demo test lint typecheck unit eval-gate local-llm inspector bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP_RUN): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(STAMP_DEV): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev,langgraph,mcp]'
	touch $@ $(STAMP_RUN)

## demo: plan a few example edits offline (rules classifier, no key, no network)
demo: $(STAMP_RUN)
	$(BIN)/python scripts/demo.py

## test: lint, strict types, the whole suite, and the routing-accuracy gate
test: $(STAMP_DEV) $(INSPECTOR) local-llm
	$(MAKE) lint typecheck unit eval-gate

## local-llm: llama-cpp-python's server (pinned; compiles once) + the local model, verified, cached outside the repo
local-llm: $(STAMP_DEV)
	$(BIN)/python scripts/local_llm.py all

## inspector: the MCP Inspector from the lock file (npm ci; install scripts are not needed and not run)
inspector: $(INSPECTOR)

$(INSPECTOR): tests/inspector/package.json tests/inspector/package-lock.json
	cd tests/inspector && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $@

lint: $(STAMP_DEV)
	$(BIN)/ruff check runcomfy_edit_tool tests scripts examples
	$(BIN)/ruff format --check runcomfy_edit_tool tests scripts examples

typecheck: $(STAMP_DEV)
	$(BIN)/mypy

unit: $(STAMP_DEV) $(INSPECTOR)
	$(BIN)/pytest

## eval-gate: fail the build if routing accuracy or prompt fidelity drops (gates sit just under the measured figures, see README)
eval-gate: $(STAMP_DEV)
	mkdir -p build/eval
	$(BIN)/runcomfy-edit eval --classifier rules --min-accuracy 0.99 --min-fidelity 0.99 \
		--json build/eval/routing.json --report build/eval/routing.html
	$(BIN)/runcomfy-edit eval evals/holdout.jsonl --classifier rules --min-accuracy 0.97 --min-fidelity 0.99 \
		--json build/eval/holdout.json --report build/eval/holdout.html
	$(BIN)/runcomfy-edit eval evals/fidelity-holdout.jsonl --classifier rules --min-accuracy 0.97 --min-fidelity 0.99 \
		--json build/eval/fidelity-holdout.json --report build/eval/fidelity-holdout.html
	$(BIN)/runcomfy-edit eval evals/blind7-2026-12.jsonl --classifier rules --min-accuracy 0.98 --min-fidelity 0.98 \
		--json build/eval/blind7.json --report build/eval/blind7.html

bench: $(STAMP_DEV)
	$(BIN)/pytest tests/test_benchmark.py --benchmark-enable --benchmark-only --benchmark-min-rounds=30

clean:
	rm -rf $(VENV) build dist .mypy_cache .pytest_cache .ruff_cache tests/inspector/node_modules
