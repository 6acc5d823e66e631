# PolicyBot: `make ask Q="can I text my team?"` answers from the bundled policies;
# `make test` runs the tests. Both create the virtualenv (.venv) on first use.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
Q ?= can I text my team?

.PHONY: setup ask test eval bench load clean

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

# The shared corpora sit beside the repository (../shared); from a worktree one level deeper, ../../shared.
SHARED ?= $(firstword $(wildcard ../shared ../../shared) ../shared)
# `make eval V=1` also prints every question and the ids of the questions that missed.
EVAL_FLAGS := $(if $(V),-v,)

# Every measurement set; ingest into a collection is skipped for documents that did not change.
eval: setup
	$(BIN)/policybot eval tests/eval/questions.yaml $(EVAL_FLAGS)
	$(BIN)/policybot eval tests/eval/more_questions.yaml $(EVAL_FLAGS)
	$(BIN)/policybot eval tests/eval/westada.yaml --collection westada --ingest tests/fixtures/policies $(EVAL_FLAGS)
	$(BIN)/policybot eval tests/eval/minuteman.yaml --collection minuteman --ingest $(SHARED)/corpora/minuteman-ma $(EVAL_FLAGS)
	$(BIN)/policybot eval tests/eval/westada_manual.yaml --collection westada_manual --ingest $(SHARED)/corpora/westada-id $(EVAL_FLAGS)
	$(BIN)/policybot eval-contractnli $(SHARED)/contractnli/dev.json --split test $(EVAL_FLAGS)

bench: setup
	$(BIN)/python -m tests.benchmarks.run

# 200 Slack events and 200 Teams activities at once against the real bot processes; prints the figures.
load: setup
	$(BIN)/python -m tests.benchmarks.chat_load

clean:
	rm -rf $(VENV) data
