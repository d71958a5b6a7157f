"""Fault: the action server answers 200 with a body that breaks Rasa's action-response schema (a
broken deployment, a version mismatch). Rasa must refuse it, as it did before scripts/rasa_speedups.py
built its validator once: the patient hears how to call, nothing of the bad answer is applied,
and the conversation goes on once the real action server is back."""
from __future__ import annotations

import contextlib
import http.server
import json
import threading
from typing import Iterator

import pytest

from tests.faults.conftest import all_logs, kill_action_server, says_call_us
from tests.support.chat import asked_item, texts

pytestmark = pytest.mark.server

# Each breaks the schema differently; the slot event in the last one must never reach the tracker.
BAD_BODIES = [
    {"events": "not a list"},
    {"events": [{"event": "no_such_event"}]},
    {"events": [{"event": "slot", "name": "quiz_item", "value": "x"}, {"event": "slot", "name": 7}]},
]


@contextlib.contextmanager
def answering_with(port: int, body: dict) -> Iterator[list]:
    """An HTTP server on the action server's port that answers every call with ``body``."""
    calls: list = []
    payload = json.dumps(body).encode()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            calls.append(json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)))["next_action"])
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield calls
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("body", BAD_BODIES, ids=["events-not-a-list", "unknown-event", "slot-without-a-name"])
def test_fault_action_server_answers_with_a_response_rasa_must_refuse(faulty, chat, body):
    chat.say("hello")  # the session starts with the real action server
    kill_action_server(faulty)
    before = all_logs(faulty).count("did not run: ValidationError")
    with answering_with(int(faulty["env"]["ACTIONS_PORT"]), body) as calls:
        replies = chat.say("I want to take the pain quiz")
    assert calls and says_call_us(replies), (calls, texts(replies))
    assert asked_item(replies) is None
    assert all_logs(faulty).count("did not run: ValidationError") > before
    faulty["start_actions"]()
    assert chat.slot("quiz_item") is None
    replies = chat.say("I want to take the pain quiz")
    assert asked_item(replies) == "screen_checklist", texts(replies)
