"""Talking to a running assistant over the widget's socket.io channel, as one browser tab does.

python-socketio's client (polling transport: websocket-client is not installed); replies come
back in the same shape as the REST helpers', so ``tests.support.chat`` helpers work on them.
"""
from __future__ import annotations

import queue
import uuid
from typing import Any, Dict, List, Optional

import socketio

# The test assistant's widget settings: a known secret (tests sign expired tokens with it) and
# one allowed web origin, the test web process on 127.0.0.1. "localhost" on the same port is
# another origin: the browser tests use it for a page the assistant must refuse.
WIDGET_TEST_SECRET = "test-only-widget-secret-0123456789"


def web_origin(web_port: int) -> str:
    return f"http://127.0.0.1:{web_port}"


def assistant_env(web_port: int) -> Dict[str, str]:
    return {"ASSISTANT_ALLOWED_ORIGINS": web_origin(web_port), "WIDGET_SESSION_SECRET": WIDGET_TEST_SECRET}


class WidgetChat:
    """One tab: a connection, a server-issued session, and the ``bot_uttered`` events it receives."""

    def __init__(self, url: str, origin: Optional[str] = None, token: Optional[str] = None):
        self.client = socketio.Client(reconnection=False)
        self.events: "queue.Queue[Dict[str, Any]]" = queue.Queue()
        self.confirms: "queue.Queue[Dict[str, Any]]" = queue.Queue()
        self.client.on("bot_uttered", self.events.put)
        self.client.on("session_confirm", self.confirms.put)
        headers = {"Origin": origin} if origin else {}
        self.client.connect(url, headers=headers, transports=["polling"], wait_timeout=15)
        self.confirm = self.request_session(token)
        self.token = self.confirm["session_token"]

    def request_session(self, token: Optional[str] = None) -> Dict[str, Any]:
        self.client.emit("session_request", {"session_token": token} if token else {})
        return self.confirms.get(timeout=30)

    def send(self, payload: Dict[str, Any]) -> Dict[str, Any]:
        """Any ``user_uttered`` payload; returns the server's acknowledgement."""
        return self.client.call("user_uttered", payload, timeout=90)

    def say(self, text: str, message_id: Optional[str] = None, retry: bool = False) -> List[Dict[str, Any]]:
        ack = self.send({"session_token": self.token, "message": text,
                         "message_id": message_id or uuid.uuid4().hex, "retry": retry})
        assert ack.get("ok"), ack
        self.token = ack["session_token"]
        return self.drain()

    def drain(self) -> List[Dict[str, Any]]:
        """Every bot message received since the last call (the ack comes after the replies)."""
        received = []
        while not self.events.empty():
            received.append(self.events.get_nowait())
        return received

    def close(self) -> None:
        """Like closing the tab: the server is told, nobody waits for the open long-poll."""
        if self.client.connected:
            self.client.eio.disconnect(abort=True)
