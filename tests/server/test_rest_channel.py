"""The REST channel's request checks and CORS, against the real Rasa server."""
from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Dict, Optional, Tuple

import pytest

from channels.common import MESSAGE_LIMIT
from tests.support.chat import API_TOKEN
from tests.support.widget import web_origin

pytestmark = pytest.mark.server


def post(url: str, body: bytes, origin: Optional[str] = None) -> Tuple[int, object, Dict[str, str]]:
    headers = {"Content-Type": "application/json", **({"Origin": origin} if origin else {})}
    request = urllib.request.Request(f"{url}/webhooks/rest/webhook", data=body, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read()), dict(response.headers)
    except urllib.error.HTTPError as failure:
        return failure.code, json.loads(failure.read()), dict(failure.headers)


@pytest.mark.parametrize(
    "body, code",
    [
        ({"message": "hello"}, "sender_missing"),
        ({"sender": "", "message": "hello"}, "sender_missing"),
        ({"sender": "   ", "message": "hello"}, "sender_missing"),
        ({"sender": 7, "message": "hello"}, "sender_missing"),
        ({"sender": "p" * 200, "message": "hello"}, "sender_too_long"),
        ({"sender": "rest-check"}, "message_missing"),
        ({"sender": "rest-check", "message": "x" * (MESSAGE_LIMIT + 1)}, "message_too_long"),
        ({"sender": "rest-check", "message": "hi", "metadata": "x"}, "metadata_not_object"),
        (["not", "an", "object"], "body_not_json"),
    ],
    ids=["no-sender", "empty-sender", "blank-sender", "number-sender", "long-sender", "no-message",
         "oversize", "metadata-string", "array"],
)
def test_bad_requests_get_400_and_a_clear_error(assistant, body, code):
    status, reply, _ = post(assistant["url"], json.dumps(body).encode())
    assert status == 400 and reply["error"] == code and reply["detail"]


def test_a_body_that_is_not_json_gets_400(assistant):
    status, reply, _ = post(assistant["url"], b"sender=me&message=hi")
    assert status == 400 and reply["error"] == "body_not_json"


def test_no_shared_default_conversation(assistant):
    """Two senderless callers used to continue each other's quiz in the "default" conversation."""
    post(assistant["url"], json.dumps({"message": "take the quiz"}).encode())
    status, _, _ = post(assistant["url"], json.dumps({"message": "yes"}).encode())
    assert status == 400
    with urllib.request.urlopen(f"{assistant['url']}/conversations/default/tracker?token={API_TOKEN}",
                                timeout=30) as response:
        events = json.loads(response.read())["events"]
    assert not [e for e in events if e["event"] == "user"]


def test_a_page_on_another_origin_is_refused(assistant, web_port):
    body = json.dumps({"sender": "origin-check", "message": "hello"}).encode()
    for origin in ("https://evil.example", f"http://localhost:{web_port}", "null"):
        status, reply, headers = post(assistant["url"], body, origin)
        assert status == 403 and reply["error"] == "origin_not_allowed"
        assert "Access-Control-Allow-Origin" not in headers
    status, replies, headers = post(assistant["url"], body, web_origin(web_port))
    assert status == 200 and replies
    assert headers["Access-Control-Allow-Origin"] == web_origin(web_port)


def test_preflight_is_answered_for_the_allowed_origin_only(assistant, web_port):
    def preflight(origin):
        request = urllib.request.Request(
            f"{assistant['url']}/webhooks/rest/webhook", method="OPTIONS",
            headers={"Origin": origin, "Access-Control-Request-Method": "POST",
                     "Access-Control-Request-Headers": "content-type"})
        with urllib.request.urlopen(request, timeout=30) as response:
            return dict(response.headers)

    assert preflight(web_origin(web_port)).get("Access-Control-Allow-Origin") == web_origin(web_port)
    assert "Access-Control-Allow-Origin" not in preflight("https://evil.example")
