#!/usr/bin/env bash
# Throwaway PostgreSQL and Redis servers for the tests, on 127.0.0.1 only, from Debian's packages.
#
#   bash scripts/services.sh [start] [postgres|redis|all]   install if needed, start (or reuse),
#                                                            print TEST_POSTGRES_URL=... / TEST_REDIS_URL=...
#   source scripts/services.sh [start] [...]                 the same, and export those into this shell
#   bash scripts/services.sh stop|status|url|clean [...]     stop / exit 0 when it answers / print the URL /
#                                                            stop and delete its data directory
#   bash scripts/services.sh nginx                           install Debian's nginx when missing, print NGINX=...
#
# The service defaults to postgres (the booking tests' database); `all` means postgres and redis.
# Idempotent: a running server is reused. Installs Debian's `postgresql` / `redis-server` / `nginx`
# package when the binaries are missing (needs root, or sudo). Each server lives in its own
# directory ($TEST_PG_DIR, default /tmp/clinic-booking-pg; $TEST_REDIS_DIR, default
# /tmp/clinic-redis), listens on a free port and requires a random password kept in a 0600 file
# there. Nothing here is for production use (docs/deployment.md is).
# Progress goes to stderr; stdout carries only the NAME=value lines.

_svc_log() { echo "services.sh: $*" >&2; }

# Installs one Debian package (root, or passwordless sudo).
_svc_apt_install() {
  local package="$1" sudo=()
  _svc_log "installing Debian's $package package"
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo=(sudo -n); else
      _svc_log "not root and no sudo: install $package yourself"; return 1; fi
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    _svc_log "no apt-get on this machine: install $package yourself"; return 1
  fi
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get update -qq >&2 || return 1
  # Debian's postinst may create and start a default instance on the standard port; we never use it.
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "$package" >&2
}

_svc_free_port() {
  local py port
  for py in python3 python; do
    if command -v "$py" >/dev/null 2>&1; then
      "$py" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()' && return 0
    fi
  done
  for port in $(seq 55432 55532); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
  done
  return 1
}

# A new private directory holding a random password.
_svc_new_dir() {
  rm -rf "$1"
  mkdir -p "$1"
  chmod 700 "$1"
  (umask 077; head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$1/password")
}

_pg_main() {
  local action="$1"
  local dir="${TEST_PG_DIR:-/tmp/clinic-booking-pg}"
  local data="$dir/data" db="${TEST_PG_DATABASE:-clinic_booking_test}"
  local bin="" candidate run_as=() owner

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

  _pg_psql() {
    PGPASSWORD="$(_pg_password)" "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$(_pg_port)" -U postgres "$@"
  }

  _pg_start() {
    _pg_find_bin || { _svc_apt_install postgresql && _pg_find_bin; } || { _svc_log "PostgreSQL is not available"; return 1; }
    if _pg_ready; then
      _svc_log "reusing the PostgreSQL server on port $(_pg_port) ($data)"
    else
      if [ ! -s "$data/PG_VERSION" ]; then
        _svc_log "creating a throwaway cluster in $data"
        _svc_new_dir "$dir"
        chown -R "$owner" "$dir"
        "${run_as[@]}" "$bin/initdb" -D "$data" -U postgres --pwfile="$dir/password" \
          --auth-local=scram-sha-256 --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
          || { _svc_log "initdb failed:"; cat "$dir/initdb.log" >&2; return 1; }
      fi
      local port; port="$(_svc_free_port)" || { _svc_log "no free port"; return 1; }
      echo "$port" > "$dir/port"
      chown "$owner" "$dir/port"
      "${run_as[@]}" "$bin/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 60 start \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >&2 \
        || { _svc_log "the server did not start:"; tail -n 30 "$dir/server.log" >&2; return 1; }
      _pg_ready || { _svc_log "the server does not answer on port $port"; return 1; }
      _svc_log "PostgreSQL started on 127.0.0.1:$port"
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
    *) _svc_log "unknown action $action (start|stop|status|url|clean)"; return 2 ;;
  esac
}

# Redis for Rasa's lock store (several Rasa servers sharing conversations; docs/deployment.md).
_redis_main() {
  local action="$1"
  local dir="${TEST_REDIS_DIR:-/tmp/clinic-redis}"

  _redis_port() { cat "$dir/port" 2>/dev/null; }
  _redis_url() { echo "redis://:$(cat "$dir/password")@127.0.0.1:$(_redis_port)/0"; }
  # The password travels in the environment (REDISCLI_AUTH), never on a command line.
  _redis_cli() { REDISCLI_AUTH="$(cat "$dir/password" 2>/dev/null)" redis-cli -h 127.0.0.1 -p "$(_redis_port)" "$@"; }
  _redis_ready() { [ -s "$dir/port" ] && [ "$(_redis_cli ping 2>/dev/null)" = PONG ]; }
  _redis_have() { command -v redis-server >/dev/null 2>&1 && command -v redis-cli >/dev/null 2>&1; }

  _redis_start() {
    _redis_have || { _svc_apt_install redis-server && _redis_have; } || { _svc_log "Redis is not available"; return 1; }
    if _redis_ready; then
      _svc_log "reusing the Redis server on port $(_redis_port) ($dir)"
    else
      local port; port="$(_svc_free_port)" || { _svc_log "no free port"; return 1; }
      _svc_new_dir "$dir"
      echo "$port" > "$dir/port"
      # The password lives in the 0600 config file, not on redis-server's command line.
      (umask 077; cat > "$dir/redis.conf" <<CONF
bind 127.0.0.1
port $port
protected-mode yes
requirepass $(cat "$dir/password")
daemonize yes
pidfile $dir/redis.pid
logfile $dir/server.log
dir $dir
save ""
appendonly no
CONF
      )
      redis-server "$dir/redis.conf" >&2 || { _svc_log "redis-server did not start"; return 1; }
      local i
      for i in $(seq 1 50); do _redis_ready && break; sleep 0.2; done
      _redis_ready || { _svc_log "Redis does not answer on port $port:"; tail -n 20 "$dir/server.log" >&2; return 1; }
      _svc_log "Redis started on 127.0.0.1:$port"
    fi
    TEST_REDIS_URL="$(_redis_url)"
    export TEST_REDIS_URL
    echo "TEST_REDIS_URL=$TEST_REDIS_URL"
  }

  case "$action" in
    start) _redis_start ;;
    status) _redis_have && _redis_ready ;;
    url) _redis_have && _redis_ready && _redis_url ;;
    stop|clean)
      if [ -s "$dir/redis.pid" ] && kill -0 "$(cat "$dir/redis.pid")" 2>/dev/null; then
        _redis_cli shutdown nosave >/dev/null 2>&1 || kill "$(cat "$dir/redis.pid")" 2>/dev/null || true
      fi
      [ "$action" = clean ] && rm -rf "$dir"
      return 0 ;;
    *) _svc_log "unknown action $action (start|stop|status|url|clean)"; return 2 ;;
  esac
}

# nginx has no state to keep: the scale-out test writes its own config and starts it (scripts/cluster.py).
_nginx_main() {
  command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || _svc_apt_install nginx || return 1
  echo "NGINX=$(command -v nginx || echo /usr/sbin/nginx)"
}

_services_main() {
  local action="${1:-start}" which="${2:-postgres}" service
  [ "$action" = nginx ] && { _nginx_main; return; }
  case "$which" in
    all) which="postgres redis" ;;
    postgres|redis) ;;
    *) _svc_log "unknown service $which (postgres|redis|all)"; return 2 ;;
  esac
  for service in $which; do
    case "$service" in
      postgres) _pg_main "$action" || return ;;
      redis) _redis_main "$action" || return ;;
    esac
  done
}

if (return 0 2>/dev/null); then
  # Sourced: export the URLs into the caller's shell; fail the caller's `set -e` on error.
  _services_main "$@" >/dev/null
else
  set -euo pipefail
  _services_main "$@"
fi
