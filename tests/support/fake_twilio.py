"""A local stand-in for Twilio's Messages API (the edge of the world), on 127.0.0.1.

It takes ``POST /2010-04-01/Accounts/<sid>/Messages.json`` like Twilio (HTTP basic auth with the
account SID and auth token, form fields To / From or MessagingServiceSid / Body), keeps what it
was asked to send, and can be told to fail the next requests (status and Twilio error code).
"""
from __future__ import annotations

import contextlib
import http.server
import json
import threading
import time
import uuid
from base64 import b64encode
from typing import Dict, Iterator, List, Optional, Tuple
from urllib.parse import parse_qs

ACCOUNT_SID = "AC" + "5e" * 16
AUTH_TOKEN = "fake-twilio-auth-token-for-tests"
FROM_NUMBER = "+14105550199"  # the clinic's (fictional) SMS number


class FakeTwilio:
    def __init__(self) -> None:
        self.sent: List[Dict[str, str]] = []  # accepted messages, in order
        self.requests = 0  # every POST, failed or not
        self._failures: List[Tuple[int, Optional[int]]] = []
        self._lock = threading.Lock()
        expected_auth = "Basic " + b64encode(f"{ACCOUNT_SID}:{AUTH_TOKEN}".encode()).decode()
        fake = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                length = int(self.headers.get("Content-Length") or 0)
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                if self.headers.get("Authorization") != expected_auth:
                    return self._answer(401, {"code": 20003, "message": "Authenticate"})
                if self.path != f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json":
                    return self._answer(404, {"code": 20404, "message": "Not found"})
                with fake._lock:
                    fake.requests += 1
                    failure = fake._failures.pop(0) if fake._failures else None
                    if failure is None:
                        fake.sent.append(form)
                if failure is not None:
                    return self._answer(failure[0], {"code": failure[1], "message": "scripted failure"})
                sid = "SM" + uuid.uuid4().hex
                self._answer(201, {"sid": sid, "to": form.get("To"), "body": form.get("Body"), "status": "queued"})

            def _answer(self, status: int, payload: dict) -> None:
                body = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):  # quiet test output
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05},
                                       daemon=True)
        self.thread.start()

    def fail_next(self, count: int, status: int = 503, code: Optional[int] = None) -> None:
        with self._lock:
            self._failures += [(status, code)] * count

    def bodies_to(self, number: str) -> List[str]:
        with self._lock:
            return [m.get("Body", "") for m in self.sent if m.get("To") == number]

    def messages_to(self, number: str) -> List[Dict[str, str]]:
        with self._lock:
            return [dict(m) for m in self.sent if m.get("To") == number]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    @classmethod
    @contextlib.contextmanager
    def running(cls) -> Iterator["FakeTwilio"]:
        fake = cls()
        try:
            yield fake
        finally:
            fake.close()

    def channel_env(self, webhook_url: str, conversation_key: str) -> Dict[str, str]:
        """The SMS channel's environment for a Rasa server that sends through this fake."""
        return {
            "TWILIO_ACCOUNT_SID": ACCOUNT_SID, "TWILIO_AUTH_TOKEN": AUTH_TOKEN, "TWILIO_FROM_NUMBER": FROM_NUMBER,
            "TWILIO_API_BASE_URL": self.url, "SMS_WEBHOOK_URL": webhook_url,
            "SMS_CONVERSATION_KEY": conversation_key, "SMS_RETRY_SECONDS": "0.05",
        }


def wait_for(condition, timeout: float = 60.0, every: float = 0.05):
    """Poll ``condition`` until it returns something truthy; that value, or AssertionError."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"still waiting after {timeout} s")
        time.sleep(every)
