"""Waits until the servers answer, says where to talk to the assistant, then stays up.

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
    web_port = os.environ.get("WEB_PORT", "8080")
    wait_until_up([f"http://127.0.0.1:{actions_port}/health", f"http://127.0.0.1:{rasa_port}/",
                   f"http://127.0.0.1:{web_port}/healthz"], timeout=600)
    print(
        "\nThe assistant is ready.\n"
        f"  REST:      curl -s -X POST http://localhost:{rasa_port}/webhooks/rest/webhook "
        "-H 'Content-Type: application/json' -d '{\"sender\": \"me\", \"message\": \"hi\"}'\n"
        "  Stop with Ctrl-C.\n"
        f"\nOpen the demo clinic page and click \"Chat with us\": http://localhost:{web_port}/\n",
        flush=True,
    )
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    signal.pause()


if __name__ == "__main__":
    main()
