# PolicyBot: `make ask Q="can I text my team?"` answers from the bundled policies;
# `make test` runs the tests. Both create the virtualenv (.venv) on first use.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
Q ?= can I text my team?

.PHONY: setup ask test eval bench clean

$(BIN)/policybot: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	# torch is pinned to the CPU build (only the reference-encoder test needs it).
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(BIN)/policybot

setup: $(BIN)/policybot

ask: setup
	$(BIN)/policybot ask "$(Q)"

test: setup
	$(BIN)/python -m pytest

eval: setup
	$(BIN)/policybot eval tests/eval/questions.yaml
	$(BIN)/policybot eval tests/eval/westada.yaml --collection westada --ingest tests/fixtures/policies

bench: setup
	$(BIN)/python -m tests.benchmarks.run

clean:
	rm -rf $(VENV) data
