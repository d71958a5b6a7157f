# The two commands a newcomer needs: `make run` and `make test`. Both install what they need.
SHELL := /bin/bash
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2
export PYTHONPATH := $(CURDIR)

.PHONY: run test install train eval bench clean

install: .venv/.requirements.sha
.venv/.requirements.sha: requirements.txt requirements-dev.txt scripts/bootstrap.sh
	bash scripts/bootstrap.sh

train: install
	bash scripts/train.sh

## Run the assistant on embedded defaults (SQLite); Ctrl-C stops everything.
run: train
	mkdir -p var
	.venv/bin/honcho start -f Procfile

## Run every check: data validation, pytest (unit, actions, booking DBs, real servers), conversation tests, evaluation gates.
test: train
	bash scripts/test.sh

## Evaluation reports on the held-out sets (eval/reports/).
eval: train
	.venv/bin/python -m eval.run_all

## Benchmark against a bare `rasa init` bot; writes docs/benchmark.md (BENCH_ARGS=--quick while developing).
bench: train
	.venv/bin/python -m bench --write $(BENCH_ARGS)

clean:
	rm -rf models results .rasa var
