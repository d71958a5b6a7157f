"""Waits until both servers answer, says where to talk to the assistant, then stays up.

It stays up (supervisord would otherwise restart it and print the notice again).
"""
from __future__ import annotations

import os
import signal
import sys

from scripts.servers import wait_until_up


def main() -> None:
    rasa_port = os.environ.get("RASA_PORT", "5005")
    actions_port = os.environ.get("ACTIONS_PORT", "5055")
    wait_until_up([f"http://127.0.0.1:{actions_port}/health", f"http://127.0.0.1:{rasa_port}/"], timeout=600)
    print(
        "\nThe assistant is ready.\n"
        f"  REST:      curl -s -X POST http://localhost:{rasa_port}/webhooks/rest/webhook "
        "-H 'Content-Type: application/json' -d '{\"sender\": \"me\", \"message\": \"hi\"}'\n"
        f"  socket.io: http://localhost:{rasa_port}/socket.io (for a chat widget)\n"
        "  Stop with Ctrl-C.\n",
        flush=True,
    )
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    signal.pause()


if __name__ == "__main__":
    main()
