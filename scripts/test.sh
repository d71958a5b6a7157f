#!/usr/bin/env bash
# The whole test suite, as CI runs it (.ci/run calls `make test`, which trains first if needed).
set -euo pipefail
cd "$(dirname "$0")/.."
export RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2 PYTHONPATH="$PWD"
start=$(date +%s)

echo "== 1/4 rasa data validate"
.venv/bin/python -m scripts.validate_data

echo "== 2/4 services for the database, browser and scale-out tests (PostgreSQL, Redis, Debian's chromium)"
source scripts/services.sh start all
bash scripts/browser.sh >/dev/null

echo "== 3/4 pytest"
.venv/bin/python -m pytest -q -p no:cacheprovider

echo "== 4/4 conversation tests (rasa test core)"
model=$(ls -t models/*.tar.gz | head -n 1)
.venv/bin/rasa test core --model "$model" --stories tests/stories --out results/core \
  --fail-on-prediction-errors --no-plot

echo "== evaluation gates (held-out sets)"
.venv/bin/python -m eval.run_all --check

echo "test suite finished in $(( $(date +%s) - start )) s"
