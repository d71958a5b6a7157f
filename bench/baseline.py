"""The floor: a bare `rasa init` bot, trained by the bench itself and cached per Rasa version under
.bench-cache/ (gitignored), served the way ours is (SQLite tracker store, REST and socket.io).

Its socket.io channel runs without session persistence: with it, Rasa 3.6.21's stock channel
never joins the session room (`enter_room` is not awaited under python-socketio 5) and no reply
reaches the client. Without it the conversation is the socket's id, which is all the bench needs.
"""
from __future__ import annotations

import contextlib
import importlib.metadata
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Dict, Iterator

from scripts.servers import (
    ROOT, SLOW_START_TIMEOUT, VENV_BIN, base_env, bind_host, free_port, start_process, stop_process, wait_until_up,
)

CACHE = ROOT / ".bench-cache"
CREDENTIALS = "rest:\n\nsocketio:\n  user_message_evt: user_uttered\n  bot_message_evt: bot_uttered\n  session_persistence: false\n"


def bare_project() -> Path:
    """The `rasa init` project with its trained model, created and trained on first use."""
    project = CACHE / f"rasa-{importlib.metadata.version('rasa')}" / "bare-bot"
    if not list((project / "models").glob("*.tar.gz")):
        project.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=project.parent) as scratch:
            fresh = Path(scratch) / "bare-bot"
            fresh.mkdir()
            print(f"bench: training a bare `rasa init` bot in {project} (once per Rasa version)", flush=True)
            log = Path(scratch) / "init.log"
            with open(log, "wb") as out:
                done = subprocess.run([str(VENV_BIN / "rasa"), "init", "--no-prompt", "--init-dir", str(fresh)],
                                      cwd=scratch, env=base_env(), stdout=out, stderr=subprocess.STDOUT)
            if done.returncode != 0 or not list((fresh / "models").glob("*.tar.gz")):
                raise RuntimeError(f"`rasa init` failed:\n{log.read_text()[-3000:]}")
            (fresh / "bench-credentials.yml").write_text(CREDENTIALS)
            fresh.rename(project)
    return project


@contextlib.contextmanager
def running_bare_bot(log_dir: Path) -> Iterator[Dict[str, object]]:
    """Plain `rasa run` (none of our guards or channels) with a SQLite tracker store like ours."""
    project = bare_project()
    model = sorted((project / "models").glob("*.tar.gz"))[-1]
    work = Path(tempfile.mkdtemp(prefix="bare-bot-"))
    port = free_port()
    endpoints = work / "endpoints.yml"
    endpoints.write_text(f"tracker_store:\n  type: SQL\n  dialect: sqlite\n  db: \"{work / 'conversations.db'}\"\n")
    cmd = [str(VENV_BIN / "rasa"), "run", "--interface", bind_host(), "--port", str(port),
           "--credentials", str(project / "bench-credentials.yml"), "--endpoints", str(endpoints),
           "--model", str(model)]
    started = time.monotonic()
    proc = start_process("bare-rasa", cmd, base_env(), log_dir)
    try:
        wait_until_up([f"http://127.0.0.1:{port}/"], timeout=SLOW_START_TIMEOUT, procs=[proc])
        yield {"url": f"http://127.0.0.1:{port}", "procs": [proc], "ready_seconds": time.monotonic() - started}
    finally:
        stop_process(proc)
