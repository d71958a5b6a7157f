#!/usr/bin/env bash
# Trains only when the training data, domain or config changed: Rasa fingerprints them and
# reuses the newest model in models/ otherwise ("Nothing changed").
set -euo pipefail
cd "$(dirname "$0")/.."
export RASA_TELEMETRY_ENABLED=false
.venv/bin/rasa train --data data --domain domain --config config.yml --out models --num-threads 2 "$@"
