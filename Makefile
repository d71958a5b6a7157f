# The two commands a newcomer needs: `make run` and `make test`. Both install what they need.
SHELL := /bin/bash
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2
export PYTHONPATH := $(CURDIR)

.PHONY: run test install train eval bench clean wipe-data purge lock

install: .venv/.requirements.sha
.venv/.requirements.sha: requirements.txt requirements-dev.txt constraints.txt scripts/bootstrap.sh
	bash scripts/bootstrap.sh

train: install
	bash scripts/train.sh

## Run the assistant on embedded defaults (SQLite): every Procfile process under supervisord
## (a crashed process is restarted, the others stay up); Ctrl-C stops everything.
run: train
	.venv/bin/python -m scripts.run

## Run every check: data validation, pytest (unit, actions, booking DBs, real servers), conversation tests, evaluation gates.
test: train
	bash scripts/test.sh

## Evaluation reports on the held-out sets (eval/reports/).
eval: train
	.venv/bin/python -m eval.run_all

## Benchmark against a bare `rasa init` bot; writes docs/benchmark.md (BENCH_ARGS=--quick while developing).
bench: train
	.venv/bin/python -m bench --write $(BENCH_ARGS)

## Models and results; var/ data only when no request waits for delivery (see scripts/clean_data.py).
clean:
	rm -rf models results .rasa
	python3 scripts/clean_data.py

## Every conversation and booking request in var/, undelivered ones included, after a typed confirmation.
wipe-data:
	python3 scripts/clean_data.py --wipe

## Delete conversations and booking requests older than RETENTION_DAYS (default 30); the worker does it daily.
purge: install
	.venv/bin/python -m clinic_core.retention

## Regenerate constraints.txt (exact versions of every installed dependency) from the current venv.
lock: install
	.venv/bin/python -m scripts.lock
