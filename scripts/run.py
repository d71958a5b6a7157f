"""`make run`: every process in the Procfile, under supervisord.

supervisord restarts a process that crashes and keeps the others up; one that keeps crashing
within seconds of its start is given up on (FATAL, shown in the output) while the rest go on.
Ctrl-C stops everything. The list of processes is the Procfile, one `name: command` line each:
adding a process is adding a line there.

Defaults set here when unset: RASA_PORT=5005, ACTIONS_PORT=5055, BIND_HOST=127.0.0.1,
ACTION_ENDPOINT_URL, and a fresh random ACTION_SERVER_TOKEN shared by the Rasa server and the
action server (passed in the environment, never on a command line or in a file). supervisord's own
control socket is a Unix socket in var/run/ (0700; $SUPERVISOR_RUN_DIR elsewhere), not a TCP port.
"""
from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path
from typing import List, Tuple

from scripts.servers import ROOT, base_env, bind_host, new_secret

PROCFILE = ROOT / "Procfile"
RUN_DIR = ROOT / "var" / "run"

PROGRAM_OPTIONS = """\
directory={root}
autostart=true
autorestart=true
startsecs=5
startretries=5
stopasgroup=true
killasgroup=true
stopsignal=TERM
stopwaitsecs=20
redirect_stderr=true
stdout_logfile=/dev/stdout
stdout_logfile_maxbytes=0
"""


def procfile_programs(path: Path = PROCFILE) -> List[Tuple[str, str]]:
    """(name, command) for each `name: command` line; relative executables become absolute."""
    programs = []
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, command = (part.strip() for part in line.split(":", 1))
        words = shlex.split(command)
        if "/" in words[0] and not words[0].startswith("/"):
            words[0] = str(ROOT / words[0])
        programs.append((name, shlex.join(words)))
    return programs


def supervisord_config(programs: List[Tuple[str, str]], run_dir: Path) -> str:
    parts = [
        "[supervisord]",
        "nodaemon=true",
        f"directory={ROOT}",
        f"logfile={run_dir / 'supervisord.log'}",
        "logfile_maxbytes=1MB",
        "logfile_backups=1",
        f"pidfile={run_dir / 'supervisord.pid'}",
        f"childlogdir={run_dir}",
        "umask=077",
        "",
        "[unix_http_server]",
        f"file={run_dir / 'supervisor.sock'}",
        "chmod=0700",
        "",
        "[rpcinterface:supervisor]",
        "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface",
        "",
        "[supervisorctl]",
        f"serverurl=unix://{run_dir / 'supervisor.sock'}",
        "",
    ]
    for name, command in programs:
        # supervisord expands %(...)s in its config: a literal % in a command must be doubled.
        parts += [f"[program:{name}]", f"command={command.replace('%', '%%')}",
                  PROGRAM_OPTIONS.format(root=ROOT)]
    return "\n".join(parts)


def run_env() -> dict:
    env = base_env()
    env.setdefault("RASA_PORT", "5005")
    env.setdefault("ACTIONS_PORT", "5055")
    env["BIND_HOST"] = bind_host()
    env.setdefault("ACTION_ENDPOINT_URL", f"http://127.0.0.1:{env['ACTIONS_PORT']}/webhook")
    env.setdefault("ACTION_SERVER_TOKEN", new_secret())
    env["PYTHONUNBUFFERED"] = "1"  # lines reach the terminal as they are written
    return env


def main() -> None:
    from clinic_core.private_storage import make_private_dir, secure_process

    os.chdir(ROOT)
    secure_process()
    run_dir = make_private_dir(os.environ.get("SUPERVISOR_RUN_DIR") or RUN_DIR)
    config = run_dir / "supervisord.conf"
    config.write_text(supervisord_config(procfile_programs(), run_dir))
    supervisord = str(Path(sys.executable).parent / "supervisord")
    os.execve(supervisord, [supervisord, "--nodaemon", "--configuration", str(config)], run_env())


if __name__ == "__main__":
    main()
