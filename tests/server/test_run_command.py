"""`make run`'s process runner: both servers come up, answer, and Ctrl-C leaves nothing behind."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import time
import urllib.request

import pytest

from scripts.servers import ROOT, base_env, free_port

pytestmark = pytest.mark.server


def _children(pid: int) -> set:
    found = set()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid or int(fields[3]) == pid:  # parent pid or process group
            found.add(int(entry))
    return found


def _outbox_alive(pid: int) -> bool:
    for child in _children(pid):
        try:
            with open(f"/proc/{child}/cmdline", "rb") as cmdline:
                if b"clinic_core.booking.cli" in cmdline.read():
                    return True
        except OSError:
            continue
    return False


def test_honcho_runs_the_assistant_and_ctrl_c_stops_everything(tmp_path):
    env = base_env()
    env.update(RASA_PORT=str(free_port()), ACTIONS_PORT=str(free_port()), WEB_PORT=str(free_port()))
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text(
        f"action_endpoint:\n  url: \"http://localhost:{env['ACTIONS_PORT']}/webhook\"\n"
        f"tracker_store:\n  type: SQL\n  dialect: sqlite\n  db: \"{tmp_path / 'conversations.db'}\"\n"
    )
    env["RASA_ENDPOINTS"] = str(endpoints)
    env["BOOKING_DATABASE_URL"] = f"sqlite:///{tmp_path / 'bookings.db'}"
    proc = subprocess.Popen(
        [str(ROOT / ".venv/bin/honcho"), "start", "-f", "Procfile"], cwd=ROOT, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
    )
    output = []
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            output.append(line)
            if "The assistant is ready" in line:
                break
        assert any("The assistant is ready" in line for line in output), "".join(output[-30:])
        body = json.dumps({"sender": "run-test", "message": "hello"}).encode()
        request = urllib.request.Request(
            f"http://127.0.0.1:{env['RASA_PORT']}/webhooks/rest/webhook", data=body,
            headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            replies = json.loads(response.read())
        assert any("911" in (m.get("text") or "") for m in replies)
        assert (tmp_path / "conversations.db").exists()
        assert any("outbox worker started" in line for line in output) or _outbox_alive(proc.pid)
        page = f"http://localhost:{env['WEB_PORT']}/"
        while not any(page in line for line in output) and len(output) < 10000:
            output.append(proc.stdout.readline())  # the ready notice ends with the page to open
        assert any(page in line for line in output), "".join(output[-30:])
        with urllib.request.urlopen(page.replace("localhost", "127.0.0.1"), timeout=30) as response:
            assert b"clinic-chat.js" in response.read()

        group = _children(proc.pid) | {proc.pid}
        os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C sends to the terminal's process group
        proc.communicate(timeout=60)
        time.sleep(1)
        alive = [pid for pid in group if os.path.exists(f"/proc/{pid}") and
                 open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0] != "Z"]
        assert alive == []
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
