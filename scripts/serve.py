"""Our Rasa server: Rasa 3.6's own `rasa run`, in this process, after scripts/rasa_guard.py (our
guards) and scripts/rasa_speedups.py (the same work done once instead of on every turn).

    python -m scripts.serve                 # `make run`: settings from the environment
    python -m scripts.serve run --port ...  # the arguments of `rasa run` (tests build them)

Settings: $RASA_PORT (5005), $BIND_HOST (127.0.0.1), $RASA_ENDPOINTS (endpoints.yml),
$ACTIONS_PORT (5055) for the default $ACTION_ENDPOINT_URL, $ACTION_SERVER_TOKEN (required by
endpoints.yml), $RASA_API_TOKEN (the HTTP API is on only when it is set). The API token is added
to Rasa's arguments inside this process, so it never shows on a command line.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import List, Optional

from scripts.servers import ROOT, rasa_command


def arguments_from_env() -> List[str]:
    endpoints = Path(os.environ.get("RASA_ENDPOINTS", ROOT / "endpoints.yml"))
    port = int(os.environ.get("RASA_PORT", "5005"))
    return rasa_command(port, endpoints)[3:]  # drop "python -m scripts.serve"


def main(argv: Optional[List[str]] = None) -> None:
    from clinic_core.private_storage import secure_process

    arguments = list(sys.argv[1:] if argv is None else argv) or arguments_from_env()
    os.environ["RASA_TELEMETRY_ENABLED"] = "false"
    os.environ.setdefault("ACTION_ENDPOINT_URL", f"http://127.0.0.1:{os.environ.get('ACTIONS_PORT', '5055')}/webhook")
    os.chdir(ROOT)
    secure_process()
    from scripts import rasa_guard, rasa_speedups

    rasa_guard.install()
    rasa_speedups.install()
    token = os.environ.get("RASA_API_TOKEN")
    if token:
        arguments += ["--enable-api", "--auth-token", token]
    sys.argv = ["rasa"] + arguments
    from rasa.__main__ import main as rasa_main

    rasa_main()


if __name__ == "__main__":
    main()
