"""Starting and stopping the Rasa server and the action server.

`make run` starts them through supervisord (Procfile -> scripts/run.py); tests, the evaluation
and the benchmarks start them with `running_assistant()`. Both use the commands built here.
Every server binds $BIND_HOST (default 127.0.0.1); secrets travel in the environment, never on a
command line (anyone on the machine can read those in /proc).
"""
from __future__ import annotations

import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Dict, Iterator, List, Optional

from channels.common import allowed_origins

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
# Loading the model takes 1 to 5 minutes on a busy 2-core machine.
SLOW_START_TIMEOUT = 600.0


DEFAULT_BIND_HOST = "127.0.0.1"


def bind_host() -> str:
    """Where servers listen: this machine only, unless a deployment behind a TLS proxy says so."""
    return os.environ.get("BIND_HOST") or DEFAULT_BIND_HOST


def base_env() -> Dict[str, str]:
    env = dict(os.environ)
    env["RASA_TELEMETRY_ENABLED"] = "false"
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def rasa_command(
    port: int, endpoints: Path, model: Optional[Path] = None, environ: Optional[Dict[str, str]] = None
) -> List[str]:
    """The Rasa server through scripts/serve.py, which adds our guards and reads $RASA_API_TOKEN
    (the HTTP API is on only with a token: it exposes whole conversations). ``environ`` is the
    environment the server will get (for its allowed web origins)."""
    cmd = [
        sys.executable, "-m", "scripts.serve", "run",
        "--interface", bind_host(),
        "--port", str(port),
        "--credentials", str(ROOT / "credentials.yml"),
        "--endpoints", str(endpoints),
        # CORS only for the web pages named in ASSISTANT_ALLOWED_ORIGINS (the channels check
        # the same list); none at all when it is empty.
        "--cors", *allowed_origins(environ),
    ]
    if model is not None:
        cmd += ["--model", str(model)]
    return cmd


def actions_command() -> List[str]:
    """The locked-down action server; port, token and limits come from the environment."""
    return [sys.executable, "-m", "scripts.action_server"]


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def write_endpoints(action_port: int, tracker_db: Path, target: Path) -> Path:
    """endpoints.yml (one home for the endpoint settings) with this action server and this SQLite
    tracker store. Replaced as text, not re-dumped as YAML: Rasa expands ${ENV} references (the
    action server token) only in plain, unquoted values, and a YAML dump would quote them."""
    text = (ROOT / "endpoints.yml").read_text()
    for setting, value in (("url: ${ACTION_ENDPOINT_URL}", f'url: "http://127.0.0.1:{action_port}/webhook"'),
                           ("db: var/conversations.db", f'db: "{tracker_db}"')):
        if text.count(setting) != 1:
            raise ValueError(f"endpoints.yml no longer has exactly one '{setting}'")
        text = text.replace(setting, value)
    target.write_text(text)
    return target


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(urls: List[str], timeout: float = 240.0, procs: List[subprocess.Popen] = ()) -> None:
    deadline = time.monotonic() + timeout
    pending = list(urls)
    while pending:
        for proc in procs:
            if proc.poll() is not None:
                raise RuntimeError(f"a server exited early with code {proc.returncode}")
        url = pending[0]
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    pending.pop(0)
                    continue
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise TimeoutError(f"not answering: {url}")
        time.sleep(0.5)


def latest_model() -> Path:
    models = sorted((ROOT / "models").glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    if not models:
        raise FileNotFoundError("no trained model in models/: run scripts/train.sh")
    return models[-1]


def start_process(name: str, cmd: List[str], env: Dict[str, str], log_dir: Path) -> subprocess.Popen:
    """One server in its own process group, appending to ``log_dir/<name>.log``."""
    with open(log_dir / f"{name}.log", "ab") as log:
        return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def stop_process(proc: subprocess.Popen, timeout: float = 20) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGCONT)  # a stopped (SIGSTOP) process cannot act on SIGTERM
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=timeout)


@contextlib.contextmanager
def running_assistant(
    api_token: Optional[str] = None, log_dir: Optional[Path] = None, extra_env: Optional[Dict[str, str]] = None
) -> Iterator[Dict[str, object]]:
    """A real action server and Rasa server on free ports with a fresh SQLite tracker store.

    ``extra_env`` reaches both processes (for example a channel's settings in a test).
    ``start_actions()`` in the result starts the action server again (fault tests kill it)."""
    work = Path(tempfile.mkdtemp(prefix="assistant-"))
    log_dir = log_dir or work
    action_port, rasa_port = free_port(), free_port()
    tracker_db = work / "conversations.db"
    endpoints = write_endpoints(action_port, tracker_db, work / "endpoints.yml")
    env = base_env()
    env.update(BOOKING_DATABASE_URL=f"sqlite:///{work / 'booking.db'}", ACTIONS_PORT=str(action_port),
               ACTION_SERVER_TOKEN=new_secret(), BOOKING_SPOOL_DIR=str(work / "spool"))
    env.pop("RASA_API_TOKEN", None)
    if api_token:
        env["RASA_API_TOKEN"] = api_token
    env.update(extra_env or {})
    procs: List[subprocess.Popen] = []
    health = f"http://127.0.0.1:{action_port}/health"
    started = time.monotonic()

    def start_actions(**more_env: str) -> subprocess.Popen:
        proc = start_process("actions", actions_command(), {**env, **more_env}, log_dir)
        procs.append(proc)
        wait_until_up([health], procs=[proc])
        return proc

    try:
        procs.append(start_process("actions", actions_command(), env, log_dir))
        procs.append(start_process("rasa", rasa_command(rasa_port, endpoints, latest_model(), env), env, log_dir))
        wait_until_up([health, f"http://127.0.0.1:{rasa_port}/"], timeout=SLOW_START_TIMEOUT, procs=procs)
        yield {
            "url": f"http://127.0.0.1:{rasa_port}",
            "actions_url": f"http://127.0.0.1:{action_port}",
            "tracker_db": tracker_db,
            "booking_db_url": env["BOOKING_DATABASE_URL"],
            "spool_dir": Path(env["BOOKING_SPOOL_DIR"]),
            "log_dir": log_dir,
            "procs": procs,  # procs[0]: the first action server, procs[1]: the Rasa server
            "env": env,
            "start_actions": start_actions,
            "ready_seconds": time.monotonic() - started,  # from start until both servers answer
        }
    finally:
        for proc in procs:
            if proc.poll() is None:
                stop_process(proc)


@contextlib.contextmanager
def running_web(port: int, assistant_url: str, log_dir: Optional[Path] = None) -> Iterator[str]:
    """The web process (demo page and widget, ``python -m web``) on ``port``; yields its URL."""
    log_dir = log_dir or Path(tempfile.mkdtemp(prefix="web-"))
    env = base_env()
    env.update(WEB_PORT=str(port), ASSISTANT_PUBLIC_URL=assistant_url)
    proc = start_process("web", [sys.executable, "-m", "web"], env, log_dir)
    try:
        wait_until_up([f"http://127.0.0.1:{port}/healthz"], timeout=60, procs=[proc])
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_process(proc)
