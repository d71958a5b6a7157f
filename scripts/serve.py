"""`make run`'s Rasa server: REST + socket.io channels, SQLite tracker store by default."""
from __future__ import annotations

import os
from pathlib import Path

from scripts.servers import ROOT, base_env, rasa_command


def main() -> None:
    (ROOT / "var").mkdir(exist_ok=True)
    endpoints = Path(os.environ.get("RASA_ENDPOINTS", ROOT / "endpoints.yml"))
    port = int(os.environ.get("RASA_PORT", "5005"))
    cmd = rasa_command(port, endpoints, api_token=os.environ.get("RASA_API_TOKEN") or None)
    os.chdir(ROOT)
    os.execve(cmd[0], cmd, base_env())


if __name__ == "__main__":
    main()
