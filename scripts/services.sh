#!/usr/bin/env bash
# A throwaway PostgreSQL server for the booking tests (tests/booking), on 127.0.0.1 only.
#
#   bash scripts/services.sh [start]   install if needed, start (or reuse) it, print TEST_POSTGRES_URL=...
#   source scripts/services.sh         the same, and export TEST_POSTGRES_URL into this shell
#   bash scripts/services.sh stop      stop it (the data directory is kept until `clean`)
#   bash scripts/services.sh status    exit 0 when it answers
#   bash scripts/services.sh clean     stop it and delete its data directory
#
# Idempotent: a running server is reused. Installs Debian's `postgresql` package when initdb/pg_ctl
# are missing (needs root, or sudo). The cluster lives in $TEST_PG_DIR (default
# /tmp/clinic-booking-pg), is owned by the `postgres` user when run as root, listens on a free port,
# and uses a random password (scram-sha-256). Nothing here is for production use.
# Progress goes to stderr; the only stdout line is TEST_POSTGRES_URL=... (for `start`).

_pg_main() {
  local action="${1:-start}"
  local dir="${TEST_PG_DIR:-/tmp/clinic-booking-pg}"
  local data="$dir/data" db="${TEST_PG_DATABASE:-clinic_booking_test}"
  local bin="" candidate run_as=() owner

  _pg_log() { echo "services.sh: $*" >&2; }

  _pg_find_bin() {
    bin=""
    for candidate in /usr/lib/postgresql/*/bin; do
      [ -x "$candidate/initdb" ] && [ -x "$candidate/pg_ctl" ] && bin="$candidate"
    done
    if [ -z "$bin" ] && command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
      bin="$(dirname "$(command -v initdb)")"
    fi
    [ -n "$bin" ]
  }

  _pg_install() {
    _pg_log "PostgreSQL server binaries not found; installing Debian's postgresql package"
    local sudo=()
    if [ "$(id -u)" != 0 ]; then
      if command -v sudo >/dev/null 2>&1; then sudo=(sudo -n); else
        _pg_log "not root and no sudo: install PostgreSQL (initdb, pg_ctl) yourself"; return 1; fi
    fi
    if ! command -v apt-get >/dev/null 2>&1; then
      _pg_log "no apt-get on this machine: install PostgreSQL (initdb, pg_ctl) yourself"; return 1
    fi
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get update -qq >&2 || return 1
    # Debian's postinst creates and starts a default cluster on 5432; we do not use it.
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq postgresql >&2 || return 1
    _pg_find_bin
  }

  # As root the server must run as an unprivileged user (PostgreSQL refuses root).
  if [ "$(id -u)" = 0 ]; then
    owner=postgres
    run_as=(runuser -u postgres --)
  else
    owner="$(id -un)"
  fi

  _pg_port() { cat "$dir/port" 2>/dev/null; }
  _pg_password() { cat "$dir/password" 2>/dev/null; }
  _pg_url() { echo "postgresql+psycopg2://postgres:$(_pg_password)@127.0.0.1:$(_pg_port)/$db"; }
  _pg_ready() {
    [ -s "$dir/port" ] && [ -n "$bin" ] && "$bin/pg_isready" -q -h 127.0.0.1 -p "$(_pg_port)" -t 2 >/dev/null 2>&1
  }

  _pg_free_port() {
    local py
    for py in python3 python; do
      if command -v "$py" >/dev/null 2>&1; then
        "$py" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()' && return 0
      fi
    done
    local port
    for port in $(seq 55432 55532); do
      if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
    done
    return 1
  }

  _pg_psql() {
    PGPASSWORD="$(_pg_password)" "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$(_pg_port)" -U postgres "$@"
  }

  _pg_start() {
    _pg_find_bin || _pg_install || { _pg_log "PostgreSQL is not available"; return 1; }
    if _pg_ready; then
      _pg_log "reusing the PostgreSQL server on port $(_pg_port) ($data)"
    else
      if [ ! -s "$data/PG_VERSION" ]; then
        _pg_log "creating a throwaway cluster in $data"
        rm -rf "$dir"
        mkdir -p "$dir"
        chmod 700 "$dir"
        head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$dir/password"
        chown -R "$owner" "$dir"
        "${run_as[@]}" "$bin/initdb" -D "$data" -U postgres --pwfile="$dir/password" \
          --auth-local=scram-sha-256 --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
          || { _pg_log "initdb failed:"; cat "$dir/initdb.log" >&2; return 1; }
      fi
      local port; port="$(_pg_free_port)" || { _pg_log "no free port"; return 1; }
      echo "$port" > "$dir/port"
      chown "$owner" "$dir/port"
      "${run_as[@]}" "$bin/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 60 start \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >&2 \
        || { _pg_log "the server did not start:"; tail -n 30 "$dir/server.log" >&2; return 1; }
      _pg_ready || { _pg_log "the server does not answer on port $port"; return 1; }
      _pg_log "PostgreSQL started on 127.0.0.1:$port"
    fi
    if [ "$(_pg_psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'")" != 1 ]; then
      _pg_psql -d postgres -c "CREATE DATABASE $db" >&2 || return 1
    fi
    TEST_POSTGRES_URL="$(_pg_url)"
    export TEST_POSTGRES_URL
    echo "TEST_POSTGRES_URL=$TEST_POSTGRES_URL"
  }

  case "$action" in
    start) _pg_start ;;
    status) _pg_find_bin && _pg_ready ;;
    url) _pg_find_bin && _pg_ready && _pg_url ;;
    stop|clean)
      if _pg_find_bin && [ -s "$data/PG_VERSION" ]; then
        "${run_as[@]}" "$bin/pg_ctl" -D "$data" -m fast -w stop >&2 2>/dev/null || true
      fi
      [ "$action" = clean ] && rm -rf "$dir"
      return 0 ;;
    *) _pg_log "unknown action $action (start|stop|status|url|clean)"; return 2 ;;
  esac
}

if (return 0 2>/dev/null); then
  # Sourced: export TEST_POSTGRES_URL into the caller's shell; fail the caller's `set -e` on error.
  _pg_main "$@" >/dev/null
else
  set -euo pipefail
  _pg_main "$@"
fi
