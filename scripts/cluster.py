"""A local multi-server deployment, the recipe of docs/deployment.md on one machine: PostgreSQL
tracker store, Redis lock store, N Rasa servers, N action servers, nginx in front of both, and
outbox workers. The scale-out test (tests/scale) and the benchmark (`python -m bench --scale`)
start it with `running_cluster()`; PostgreSQL and Redis come from scripts/services.sh.

Every process gets its configuration from the environment, as in production: the Rasa servers
read endpoints.postgres.yml (TRACKER_DB_*, LOCK_STORE_*, ACTION_ENDPOINT_URL), the action
servers and workers BOOKING_DATABASE_URL / BOOKING_WEBHOOK_URL. Each cluster gets fresh
databases (dropped afterwards) and its own Redis key prefix, so clusters never share state.
"""
from __future__ import annotations

import contextlib
import subprocess
import sys
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterator, List, Optional

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from deploy.nginx import render as render_nginx
from scripts.servers import (
    ROOT, SLOW_START_TIMEOUT, actions_command, base_env, free_port, latest_model, new_secret, rasa_command,
    start_process, stop_process, wait_until_up,
)

ENDPOINTS = ROOT / "endpoints.postgres.yml"
SERVICES = ROOT / "scripts" / "services.sh"


@dataclass
class Cluster:
    lb_url: str  # nginx: REST and socket.io for patients
    rasa_urls: List[str]
    action_urls: List[str]
    tracker_db_url: str
    booking_db_url: str
    log_dir: Path
    procs: Dict[str, subprocess.Popen] = field(default_factory=dict)


def nginx_binary() -> str:
    """Debian's nginx (installed by scripts/services.sh when missing)."""
    out = subprocess.run(["bash", str(SERVICES), "nginx"], capture_output=True, text=True, check=True).stdout
    return next(line.split("=", 1)[1] for line in out.splitlines() if line.startswith("NGINX="))


@contextlib.contextmanager
def fresh_databases(admin_url: str, *names: str) -> Iterator[List[str]]:
    """Empty PostgreSQL databases on the server of ``admin_url``, dropped on exit."""
    admin = create_engine(admin_url, future=True, isolation_level="AUTOCOMMIT")
    suffix = uuid.uuid4().hex[:10]
    created = [f"{name}_{suffix}" for name in names]
    try:
        with admin.connect() as connection:
            for name in created:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
        yield [make_url(admin_url).set(database=name).render_as_string(hide_password=False) for name in created]
    finally:
        with admin.connect() as connection:
            for name in created:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def cluster_env(tracker_db_url: str, booking_db_url: str, redis_url: str, actions_lb_port: int,
                work: Path) -> Dict[str, str]:
    """The environment every process of the deployment reads its settings from."""
    tracker, redis = make_url(tracker_db_url), make_url(redis_url.replace("redis://", "redis+x://", 1))
    env = base_env()
    env.update({
        "TRACKER_DB_HOST": tracker.host, "TRACKER_DB_PORT": str(tracker.port), "TRACKER_DB_NAME": tracker.database,
        "TRACKER_DB_USER": tracker.username, "TRACKER_DB_PASSWORD": tracker.password or "",
        "TRACKER_DB_SSLMODE": "disable",  # loopback only
        "LOCK_STORE_HOST": redis.host, "LOCK_STORE_PORT": str(redis.port or 6379),
        "LOCK_STORE_PASSWORD": redis.password or "", "LOCK_STORE_DB": "1",
        "LOCK_STORE_KEY_PREFIX": f"cluster{uuid.uuid4().hex[:10]}",
        "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{actions_lb_port}/webhook",
        "ACTION_SERVER_TOKEN": new_secret(),  # the Rasa servers send it, the action servers check it
        "BOOKING_DATABASE_URL": booking_db_url,
        "BOOKING_SPOOL_DIR": str(work / "spool"),  # one private folder for every process of this machine
        "BOOKING_AUTO_MIGRATE": "0",  # the release step below migrates once, as in production
    })
    return env


def _start_nginx(work: Path, lb_port: int, actions_lb_port: int, rasa_ports: List[int], action_ports: List[int],
                 log_dir: Path, env: Dict[str, str]) -> subprocess.Popen:
    run_dir = work / "nginx"
    run_dir.mkdir(mode=0o755)
    work.chmod(0o711)  # nginx workers run as an unprivileged user when started as root
    config = render_nginx(
        listen=f"127.0.0.1:{lb_port}", actions_listen=f"127.0.0.1:{actions_lb_port}",
        rasa_servers=[f"127.0.0.1:{p}" for p in rasa_ports], action_servers=[f"127.0.0.1:{p}" for p in action_ports],
        run_dir=run_dir, log_dir=log_dir, worker_processes="2",
    )
    (run_dir / "nginx.conf").write_text(config)
    cmd = [nginx_binary(), "-e", "stderr", "-p", str(run_dir), "-c", str(run_dir / "nginx.conf"), "-g", "daemon off;"]
    return start_process("nginx", cmd, env, log_dir)


@contextlib.contextmanager
def running_cluster(
    postgres_url: str,
    redis_url: str,
    *,
    rasa_servers: int = 2,
    action_servers: int = 2,
    outbox_workers: int = 0,
    webhook_url: Optional[str] = None,
    log_dir: Optional[Path] = None,
) -> Iterator[Cluster]:
    """Starts the whole deployment on free loopback ports; stops it and drops its databases on exit."""
    work = Path(tempfile.mkdtemp(prefix="cluster-"))
    log_dir = log_dir or work / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    procs: Dict[str, subprocess.Popen] = {}
    with fresh_databases(postgres_url, "tracker", "booking") as (tracker_db_url, booking_db_url):
        lb_port, actions_lb_port = free_port(), free_port()
        rasa_ports = [free_port() for _ in range(rasa_servers)]
        action_ports = [free_port() for _ in range(action_servers)]
        env = cluster_env(tracker_db_url, booking_db_url, redis_url, actions_lb_port, work)
        if webhook_url:
            env["BOOKING_WEBHOOK_URL"] = webhook_url
        subprocess.run([sys.executable, "-m", "clinic_core.booking.cli", "migrate"], cwd=ROOT, env=env, check=True,
                       capture_output=True)
        try:
            model = latest_model()
            for i, port in enumerate(action_ports, 1):
                procs[f"actions-{i}"] = start_process(f"actions-{i}", actions_command(),
                                                      {**env, "ACTIONS_PORT": str(port)}, log_dir)
            for i, port in enumerate(rasa_ports, 1):
                procs[f"rasa-{i}"] = start_process(f"rasa-{i}", rasa_command(port, ENDPOINTS, model, env), env, log_dir)
            for i in range(1, outbox_workers + 1):
                cmd = [sys.executable, "-m", "clinic_core.booking.cli", "worker", "--interval", "1"]
                procs[f"outbox-{i}"] = start_process(f"outbox-{i}", cmd, env, log_dir)
            procs["nginx"] = _start_nginx(work, lb_port, actions_lb_port, rasa_ports, action_ports, log_dir, env)
            urls = ([f"http://127.0.0.1:{p}/health" for p in action_ports] + [f"http://127.0.0.1:{lb_port}/health"]
                    + [f"http://127.0.0.1:{p}/" for p in rasa_ports])
            wait_until_up(urls, timeout=SLOW_START_TIMEOUT, procs=list(procs.values()))
            yield Cluster(
                lb_url=f"http://127.0.0.1:{lb_port}",
                rasa_urls=[f"http://127.0.0.1:{p}" for p in rasa_ports],
                action_urls=[f"http://127.0.0.1:{p}" for p in action_ports],
                tracker_db_url=tracker_db_url, booking_db_url=booking_db_url, log_dir=log_dir, procs=procs,
            )
        finally:
            for proc in procs.values():
                if proc.poll() is None:
                    stop_process(proc)
