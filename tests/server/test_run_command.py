"""`make run` (scripts/run.py under supervisord): every process comes up and listens on 127.0.0.1
only; a crashed process is restarted while the others stay up; Ctrl-C leaves nothing behind."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from typing import Dict, Set

import pytest

from scripts.servers import ROOT, base_env, free_port, write_endpoints
from tests.support.processes import wait_for

pytestmark = pytest.mark.server


def _descendants(root: int) -> Dict[int, str]:
    """{pid: command line} of every live process below ``root`` (and root itself)."""
    parents, commands = {}, {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{entry}/cmdline", "rb") as cmdline:
                command = cmdline.read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if fields[0] != "Z":
            parents[int(entry)], commands[int(entry)] = int(fields[1]), command
    found, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent and pid not in found]
        found.update(children)
        frontier.extend(children)
    return {pid: commands[pid] for pid in found if pid in commands}


def _listening(pids) -> Set[str]:
    """host:port of every TCP socket these processes listen on (read from /proc, no tools)."""
    inodes = set()
    for pid in pids:
        try:
            for fd in os.listdir(f"/proc/{pid}/fd"):
                target = os.readlink(f"/proc/{pid}/fd/{fd}")
                if target.startswith("socket:["):
                    inodes.add(target[8:-1])
        except OSError:
            continue
    found = set()
    for table, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        with open(table) as handle:
            for line in handle.readlines()[1:]:
                fields = line.split()
                if fields[3] == "0A" and fields[9] in inodes:  # 0A: LISTEN
                    address, port = fields[1].split(":")
                    if width == 8:
                        host = ".".join(str(int(address[i:i + 2], 16)) for i in (6, 4, 2, 0))
                    else:
                        host = "::1" if address == "0" * 24 + "01000000" else address
                    found.add(f"{host}:{int(port, 16)}")
    return found


def _pid_of(tree: Dict[int, str], marker: str) -> int:
    matches = [pid for pid, command in tree.items() if marker in command and "supervisord" not in command]
    assert matches, f"no process running {marker}: {tree}"
    return min(matches)


def _say(port: str, text: str):
    body = json.dumps({"sender": "run-test", "message": text}).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{port}/webhooks/rest/webhook", data=body,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


def test_run_listens_on_localhost_only_restarts_a_crash_and_ctrl_c_stops_everything(tmp_path):
    env = base_env()
    env.update(RASA_PORT=str(free_port()), ACTIONS_PORT=str(free_port()), WEB_PORT=str(free_port()),
               SUPERVISOR_RUN_DIR=str(tmp_path / "run"),
               BOOKING_DATABASE_URL=f"sqlite:///{tmp_path / 'bookings.db'}", BOOKING_SPOOL_DIR=str(tmp_path / "spool"),
               TRACKER_DATABASE_URL=f"sqlite:///{tmp_path / 'conversations.db'}")
    env.pop("ACTION_SERVER_TOKEN", None)  # scripts/run.py makes one
    env["RASA_ENDPOINTS"] = str(write_endpoints(int(env["ACTIONS_PORT"]), tmp_path / "conversations.db",
                                                tmp_path / "endpoints.yml"))
    proc = subprocess.Popen([sys.executable, "-m", "scripts.run"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, start_new_session=True)
    output = []
    try:
        deadline = time.monotonic() + 420
        while time.monotonic() < deadline and not any("The assistant is ready" in line for line in output):
            line = proc.stdout.readline()
            if not line:
                break
            output.append(line)
        assert any("The assistant is ready" in line for line in output), "".join(output[-30:])
        assert any("911" in (m.get("text") or "") for m in _say(env["RASA_PORT"], "hello"))
        page = f"http://localhost:{env['WEB_PORT']}/"
        while not any(page in line for line in output) and len(output) < 10000:
            output.append(proc.stdout.readline())  # the ready notice ends with the page to open
        assert any(page in line for line in output), "".join(output[-30:])
        with urllib.request.urlopen(page.replace("localhost", "127.0.0.1"), timeout=30) as response:
            assert b"clinic-chat.js" in response.read()

        tree = _descendants(proc.pid)
        listeners = _listening(tree)
        assert {f"127.0.0.1:{env[port]}" for port in ("RASA_PORT", "ACTIONS_PORT", "WEB_PORT")} <= listeners
        assert all(address.startswith("127.0.0.1:") for address in listeners), listeners
        assert "ACTION_SERVER_TOKEN" not in " ".join(tree.values()) and env.get("RASA_API_TOKEN", "@@") not in " ".join(tree.values())

        # Crash: the action server is killed; supervisord starts a new one, the Rasa server stays.
        rasa, actions = _pid_of(tree, "scripts.serve"), _pid_of(tree, "scripts.action_server")
        os.kill(actions, signal.SIGKILL)
        health = f"http://127.0.0.1:{env['ACTIONS_PORT']}/health"

        def restarted():
            try:
                with urllib.request.urlopen(health, timeout=2):
                    return _pid_of(_descendants(proc.pid), "scripts.action_server") != actions
            except (OSError, AssertionError):
                return False

        assert wait_for(restarted, 180), "the action server was not restarted"
        assert _pid_of(_descendants(proc.pid), "scripts.serve") == rasa
        assert any("911" in (m.get("text") or "") for m in _say(env["RASA_PORT"], "hello again"))

        group = set(_descendants(proc.pid))
        os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C sends to the terminal's process group
        proc.communicate(timeout=90)
        assert wait_for(lambda: not [pid for pid in group if _descendants(pid)], 30), _descendants(proc.pid)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
