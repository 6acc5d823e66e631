# PolicyBot: `make ask Q="can I text my team?"` answers from the bundled policies;
# `make test` runs the tests. Both create the virtualenv (.venv) on first use.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
Q ?= can I text my team?

.PHONY: setup ask test eval bench load models learning-curve clean

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

QUESTIONS := knowledge/learning/questions

# Every measurement set, each with what the fitted parts saw of its manual ("trained on": other questions over
# the same manual were trained on; "held out": no fitted part saw the manual). Ingest into a collection is
# skipped for documents that did not change.
eval: setup
	$(BIN)/policybot eval $(QUESTIONS)/conway-ar--licensed.yaml $(QUESTIONS)/conway-ar--classified.yaml --collection conway-ar --ingest $(SHARED)/corpora/conway-ar $(EVAL_FLAGS)
	$(BIN)/policybot eval-groups tests/eval/conway_groups.yaml --collection conway-ar $(EVAL_FLAGS)
	$(BIN)/policybot eval tests/eval/questions.yaml --split "trained on" $(EVAL_FLAGS)
	$(BIN)/policybot eval tests/eval/more_questions.yaml --split "trained on" $(EVAL_FLAGS)
	$(BIN)/policybot eval tests/eval/westada.yaml --split "trained on" --collection westada --ingest tests/fixtures/policies $(EVAL_FLAGS)
	$(BIN)/policybot eval tests/eval/minuteman.yaml --split "trained on" --collection minuteman --ingest $(SHARED)/corpora/minuteman-ma $(EVAL_FLAGS)
	$(BIN)/policybot eval tests/eval/westada_manual.yaml --split "trained on" --collection westada_manual --ingest $(SHARED)/corpora/westada-id $(EVAL_FLAGS)
	$(BIN)/policybot eval-contractnli $(SHARED)/contractnli/dev.json --split test $(EVAL_FLAGS)

# Rebuilds the shipped learned parts from the repository's data with fixed seeds (2-core CPU: about an hour;
# not part of CI, which checks the shipped files against their card): the encoder, then the ranker, the
# coverage model and the verdict head fitted with it.
models: setup
	$(BIN)/policybot train-encoder
	$(BIN)/policybot train

# Held-out quality of the encoder alone against the number of training questions (README, Training).
learning-curve: setup
	for n in 500 1000 2000; do echo "== $$n training questions"; \
	  $(BIN)/policybot train-encoder --limit $$n --no-card --out data/curve-$$n 2>&1 >/dev/null | grep "held out"; done

bench: setup
	$(BIN)/python -m tests.benchmarks.run

# 200 Slack events and 200 Teams activities at once against the real bot processes; prints the figures.
load: setup
	$(BIN)/python -m tests.benchmarks.chat_load

clean:
	rm -rf $(VENV) data
