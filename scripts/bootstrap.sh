#!/usr/bin/env bash
# Creates .venv on Python 3.10 (Rasa 3.6 supports 3.8-3.10 only) and installs the pinned
# requirements. Safe to run again: it reuses .venv and reinstalls only when requirements change.
set -euo pipefail
cd "$(dirname "$0")/.."

is_py310() { "$1" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 10) else 1)' >/dev/null 2>&1; }

find_python() {
  # A python3.10 on PATH may be a pyenv shim that only answers when pyenv selects 3.10.
  if command -v python3.10 >/dev/null 2>&1 && is_py310 python3.10; then command -v python3.10; return; fi
  if command -v pyenv >/dev/null 2>&1; then
    local root; root=$(pyenv root)
    for candidate in "$root"/versions/3.10*/bin/python3.10; do
      if [ -x "$candidate" ] && is_py310 "$candidate"; then echo "$candidate"; return; fi
    done
  fi
  for candidate in /usr/bin/python3.10 /usr/local/bin/python3.10; do
    if [ -x "$candidate" ] && is_py310 "$candidate"; then echo "$candidate"; return; fi
  done
  return 1
}

if [ -x .venv/bin/python ] && ! is_py310 .venv/bin/python; then
  echo "Existing .venv is not Python 3.10; recreating it." >&2
  rm -rf .venv
fi

if [ ! -x .venv/bin/python ]; then
  if ! PY=$(find_python); then
    cat >&2 <<'MSG'
Python 3.10 was not found. Rasa 3.6 needs Python 3.8-3.10.
Install it, for example with `pyenv install 3.10.13` or your system's python3.10 package,
then run this command again.
MSG
    exit 1
  fi
  echo "Creating .venv with $PY"
  "$PY" -m venv .venv
fi

# pip itself is pinned; direct dependencies are pinned in requirements*.txt, everything they pull
# in by constraints.txt (regenerate with `make lock` after changing a requirement).
PIP_VERSION=26.3
stamp=.venv/.requirements.sha
want=$(cat requirements.txt requirements-dev.txt constraints.txt scripts/bootstrap.sh | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  .venv/bin/python -m pip install --quiet "pip==$PIP_VERSION"
  .venv/bin/python -m pip install --quiet -r requirements-dev.txt -c constraints.txt
  echo "$want" > "$stamp"
fi
