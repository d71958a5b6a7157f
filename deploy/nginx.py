"""Writes the nginx config for N Rasa servers and N action servers from deploy/nginx.conf.j2.

    python -m deploy.nginx --listen 80 --actions-listen 127.0.0.1:5050 \\
        --rasa 10.0.0.11:5005 --rasa 10.0.0.12:5005 \\
        --actions 10.0.0.21:5055 --actions 10.0.0.22:5055 \\
        --run-dir /run/assistant-nginx --log-dir /var/log/assistant-nginx > assistant-nginx.conf
    nginx -t -c $PWD/assistant-nginx.conf

The config holds addresses only, no secret. The Rasa servers' action endpoint is
http://<actions-listen>/webhook (ACTION_ENDPOINT_URL).
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import List, Optional, Sequence

import jinja2

TEMPLATE = Path(__file__).resolve().parent / "nginx.conf.j2"
ADDRESS = re.compile(r"^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):\d{1,5}$|^\d{1,5}$")


def _address(value: str) -> str:
    """host:port or a bare port: anything else could inject nginx directives."""
    if not ADDRESS.match(value):
        raise ValueError(f"not a host:port address: {value!r}")
    return value


def render(
    *,
    listen: str,
    actions_listen: str,
    rasa_servers: Sequence[str],
    action_servers: Sequence[str],
    run_dir: Path,
    log_dir: Path,
    user: Optional[str] = None,
    worker_processes: str = "auto",
    turn_timeout: str = "60s",
    client_max_body_size: str = "64k",
    action_call_max_size: str = "8m",  # the action server refuses more (ACTION_SERVER_MAX_BODY_BYTES)
) -> str:
    if not rasa_servers or not action_servers:
        raise ValueError("at least one Rasa server and one action server")
    environment = jinja2.Environment(undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    template = environment.from_string(TEMPLATE.read_text())
    return template.render(
        listen=_address(listen),
        actions_listen=_address(actions_listen),
        rasa_servers=[_address(s) for s in rasa_servers],
        action_servers=[_address(s) for s in action_servers],
        run_dir=run_dir,
        log_dir=log_dir,
        user=user,
        worker_processes=worker_processes,
        turn_timeout=turn_timeout,
        client_max_body_size=client_max_body_size,
        action_call_max_size=action_call_max_size,
    )


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--listen", required=True, help="public listener, host:port or port")
    parser.add_argument("--actions-listen", required=True, help="private listener for the Rasa servers' action calls")
    parser.add_argument("--rasa", action="append", required=True, help="a Rasa server, host:port (repeat)")
    parser.add_argument("--actions", action="append", required=True, help="an action server, host:port (repeat)")
    parser.add_argument("--run-dir", type=Path, required=True, help="pid file and temporary files")
    parser.add_argument("--log-dir", type=Path, required=True)
    parser.add_argument("--user", help="user for the worker processes when nginx starts as root")
    parser.add_argument("--worker-processes", default="auto")
    args = parser.parse_args(argv)
    sys.stdout.write(render(
        listen=args.listen, actions_listen=args.actions_listen, rasa_servers=args.rasa,
        action_servers=args.actions, run_dir=args.run_dir, log_dir=args.log_dir, user=args.user,
        worker_processes=args.worker_processes,
    ))
    return 0


if __name__ == "__main__":
    sys.exit(main())
