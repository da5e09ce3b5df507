# Two commands matter (README): `make demo` and `make test`. Both bootstrap .venv on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP_RUN := $(VENV)/.installed-run
STAMP_DEV := $(VENV)/.installed-dev

.PHONY: demo test lint typecheck unit eval-gate local-llm bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP_RUN): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(STAMP_DEV): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev,langgraph]'
	touch $@ $(STAMP_RUN)

## demo: plan a few example edits offline (rules classifier, no key, no network)
demo: $(STAMP_RUN)
	$(BIN)/python scripts/demo.py

## test: lint, strict types, the whole suite, and the routing-accuracy gate
test: $(STAMP_DEV) local-llm
	$(MAKE) lint typecheck unit eval-gate

## local-llm: llama-cpp-python's server (pinned; compiles once) + the local model, verified, cached outside the repo
local-llm: $(STAMP_DEV)
	$(BIN)/python scripts/local_llm.py all

lint: $(STAMP_DEV)
	$(BIN)/ruff check runcomfy_edit_tool tests scripts
	$(BIN)/ruff format --check runcomfy_edit_tool tests scripts

typecheck: $(STAMP_DEV)
	$(BIN)/mypy

unit: $(STAMP_DEV)
	$(BIN)/pytest

eval-gate: $(STAMP_DEV)
	$(BIN)/runcomfy-edit eval --classifier rules --min-accuracy 0.90 --json /tmp/runcomfy-edit-eval.json

bench: $(STAMP_DEV)
	$(BIN)/pytest tests/test_benchmark.py --benchmark-enable --benchmark-only

clean:
	rm -rf $(VENV) build dist .mypy_cache .pytest_cache .ruff_cache
