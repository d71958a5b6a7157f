"""Starting and stopping the Rasa server and the action server.

`make run` starts them through honcho (Procfile -> scripts/serve.py); tests, the evaluation
and the benchmarks start them with `running_assistant()`. Both use the commands built here.
"""
from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Dict, Iterator, List, Optional

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
# Start-up wait for the benchmark and the multi-server recipe: a busy 2-core machine took ~4 min
# to load one model; tests keep the shorter default of wait_until_up.
SLOW_START_TIMEOUT = 900.0


def base_env() -> Dict[str, str]:
    env = dict(os.environ)
    env["RASA_TELEMETRY_ENABLED"] = "false"
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def rasa_command(port: int, endpoints: Path, model: Optional[Path] = None, api_token: Optional[str] = None,
                 credentials: Path = ROOT / "credentials.yml") -> List[str]:
    cmd = [
        str(VENV_BIN / "rasa"), "run",
        "--port", str(port),
        "--credentials", str(credentials),
        "--endpoints", str(endpoints),
        "--cors", "*",
    ]
    if model is not None:
        cmd += ["--model", str(model)]
    if api_token:
        # The HTTP API exposes whole conversations: never without a token.
        cmd += ["--enable-api", "--auth-token", api_token]
    return cmd


def actions_command(port: int) -> List[str]:
    return [sys.executable, "-m", "rasa_sdk", "--port", str(port), "--actions", "actions"]


def write_endpoints(action_port: Optional[int], tracker_db: Path, target: Path) -> Path:
    """A SQLite tracker store, and the action server on ``action_port`` (None: no action server)."""
    action = f"action_endpoint:\n  url: \"http://localhost:{action_port}/webhook\"\n" if action_port else ""
    target.write_text(
        action +
        "tracker_store:\n"
        "  type: SQL\n"
        "  dialect: sqlite\n"
        f"  db: \"{tracker_db}\"\n"
    )
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


@contextlib.contextmanager
def running_assistant(
    api_token: Optional[str] = None, log_dir: Optional[Path] = None, extra_env: Optional[Dict[str, str]] = None,
    ready_timeout: float = 240.0,
) -> Iterator[Dict[str, object]]:
    """A real action server and Rasa server on free ports with a fresh SQLite tracker store.

    ``extra_env`` reaches both processes (for example a channel's settings in a test)."""
    work = Path(tempfile.mkdtemp(prefix="assistant-"))
    log_dir = log_dir or work
    action_port, rasa_port = free_port(), free_port()
    tracker_db = work / "conversations.db"
    endpoints = write_endpoints(action_port, tracker_db, work / "endpoints.yml")
    env = base_env()
    env["BOOKING_DATABASE_URL"] = f"sqlite:///{work / 'booking.db'}"
    env.update(extra_env or {})
    procs: List[subprocess.Popen] = []
    started = time.monotonic()
    try:
        for name, cmd in (
            ("actions", actions_command(action_port)),
            ("rasa", rasa_command(rasa_port, endpoints, latest_model(), api_token)),
        ):
            procs.append(spawn(cmd, env, log_dir / f"{name}.log"))
        wait_until_up([f"http://127.0.0.1:{action_port}/health", f"http://127.0.0.1:{rasa_port}/"],
                      timeout=ready_timeout, procs=procs)
        yield {
            "url": f"http://127.0.0.1:{rasa_port}",
            "actions_url": f"http://127.0.0.1:{action_port}",
            "tracker_db": tracker_db,
            "booking_db_url": env["BOOKING_DATABASE_URL"],
            "log_dir": log_dir,
            "procs": procs,
            "ready_seconds": time.monotonic() - started,  # from start to both servers answering
        }
    finally:
        stop_processes(procs)


def spawn(cmd: List[str], env: Dict[str, str], log_path: Path) -> subprocess.Popen:
    """A server in its own process group (so stopping it stops its children), output to a log file."""
    with open(log_path, "wb") as log:
        return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def stop_processes(procs: List[subprocess.Popen]) -> None:
    """SIGTERM every process group, then SIGKILL what has not ended 20 s later."""
    for proc in procs:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
    for proc in procs:
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
