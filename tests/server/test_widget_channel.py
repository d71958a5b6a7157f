"""The widget's socket.io channel against the real Rasa server, with python-socketio's client."""
from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
import uuid

import pytest
import socketio
from itsdangerous import URLSafeTimedSerializer

from channels.common import MESSAGE_LIMIT
from channels.widget_session import SessionTokens
from tests.server.test_booking_http import fill_until_summary
from tests.server.test_quiz_http import check_result, profile
from tests.support.chat import API_TOKEN, answer_quiz, asked_item, customs, texts
from tests.support.widget import WIDGET_TEST_SECRET, WidgetChat, web_origin

pytestmark = pytest.mark.server


@pytest.fixture
def tab(assistant, web_port):
    chats = []

    def open_tab(token=None, origin=web_origin(web_port)):
        chats.append(WidgetChat(assistant["url"], origin=origin, token=token))
        return chats[-1]

    yield open_tab
    for chat in chats:
        chat.close()


def session_of(token: str) -> str:
    return SessionTokens(secret=WIDGET_TEST_SECRET).verify(token)


def tracker_events(assistant, session_id: str):
    with urllib.request.urlopen(f"{assistant['url']}/conversations/{session_id}/tracker?token={API_TOKEN}",
                                timeout=30) as response:
        return json.loads(response.read())["events"]


def test_a_quiz_runs_to_its_result_with_every_payload_intact(tab):
    patient = tab()
    assert patient.confirm["restored"] is False and patient.confirm["history"] == []
    replies = patient.say("I want to take the pain quiz")
    question = customs(replies, "quiz_question")[0]
    assert set(question) == {"type", "item"}
    # The question's words and buttons come in the same event as its payload.
    with_payload = next(m for m in replies if m.get("custom") == question)
    # The quiz opens with the safety checklist.
    assert question["item"] == "screen_checklist"
    assert with_payload["text"] and {b["title"] for b in with_payload["buttons"]} >= {"None of these", "Not sure"}
    result, asked, final = answer_quiz(patient, replies, profile(yes={"pain_sitting"}, numbers={"age": 50, "duration_months": 6}))
    check_result(result, asked)
    assert set(result) == {"type", "route", "probability", "band", "answers", "drivers", "next_steps", "other_pattern",
                           "pathway"}
    card = next(m for m in final if m.get("custom", {}).get("type") == "quiz_result")
    assert "not a diagnosis" in card["text"].lower()


def test_an_emergency_alert_arrives_with_its_level_and_reasons(tab):
    patient = tab()
    replies = patient.say("I suddenly can't control my bladder and I'm numb between my legs")
    alerts = customs(replies, "triage_alert")
    assert alerts and alerts[0]["level"] == "emergency" and alerts[0]["reasons"]
    alert_event = next(m for m in replies if m.get("custom") == alerts[0])
    assert "911" in alert_event["text"]


def test_a_booking_confirmation_arrives_with_its_reference(tab):
    patient = tab()
    fill_until_summary(patient)
    confirmation = customs(patient.say("yes"), "booking_confirmation")
    assert len(confirmation) == 1 and set(confirmation[0]) == {"type", "reference"} and confirmation[0]["reference"]


def test_another_session_receives_nothing_of_the_first(tab):
    first, second = tab(), tab()
    assert session_of(first.token) != session_of(second.token)
    first.say("take the quiz")
    first.say("no")
    time.sleep(1)  # anything misrouted would have arrived by now
    assert second.drain() == []
    assert second.say("hello")  # and it has its own conversation
    assert first.drain() == []


def test_a_client_cannot_pick_or_join_another_session(tab, assistant):
    victim = tab()
    victim.say("take the quiz")
    victim_session = session_of(victim.token)
    # A made-up or foreign-signed token, or a bare session id, opens nothing.
    forged = URLSafeTimedSerializer("guessed-secret", salt="clinic-widget-session").dumps(victim_session)
    for token in (forged, victim_session, "x" * 40):
        intruder = tab(token=token)
        assert intruder.confirm["restored"] is False and intruder.confirm["expired"] is True
        assert intruder.confirm["history"] == []
        assert session_of(intruder.token) != victim_session
        ack = intruder.send({"session_token": token, "message": "no", "message_id": uuid.uuid4().hex})
        assert ack["error"] == "session_expired"
    # A session id in the payload is ignored: the message lands in the intruder's own session.
    intruder.say("hello")
    before = len(tracker_events(assistant, victim_session))
    intruder.send({"session_token": intruder.token, "session_id": victim_session, "message": "yes"})
    assert len(tracker_events(assistant, victim_session)) == before
    assert victim.drain() == []


def test_an_expired_token_starts_a_new_session(tab, monkeypatch):
    now = time.time()
    with monkeypatch.context() as past:
        past.setattr(time, "time", lambda: now - 13 * 3600)  # signed 13 hours ago; the limit is 12
        token = SessionTokens(secret=WIDGET_TEST_SECRET).sign("0123456789abcdef0123456789abcdef")
    patient = tab(token=token)
    assert patient.confirm["expired"] is True and patient.confirm["restored"] is False
    assert patient.send({"session_token": token, "message": "hi"})["error"] == "session_expired"


def test_a_reload_restores_the_conversation_and_carries_on(tab):
    first = tab()
    replies = first.say("take the quiz")
    item = asked_item(replies)
    first.close()  # the tab is reloaded
    reloaded = tab(token=first.token)
    assert reloaded.confirm["restored"] is True
    history = reloaded.confirm["history"]
    assert [h["from"] for h in history][:1] == ["patient"] and history[0]["text"] == "take the quiz"
    assert history[-1]["custom"] == {"type": "quiz_question", "item": item}
    replies = reloaded.say("no")
    assert asked_item(replies) not in (None, item)
    again = reloaded.request_session(reloaded.token)["history"]
    assert [h["text"] for h in again if h["from"] == "patient"] == ["take the quiz", "no"]


def test_a_resent_message_is_answered_once(tab, assistant):
    patient = tab()
    message_id = uuid.uuid4().hex
    first = patient.say("take the quiz", message_id=message_id)
    assert asked_item(first)
    ack = patient.send({"session_token": patient.token, "message": "take the quiz", "message_id": message_id, "retry": True})
    assert ack["ok"] and ack["duplicate"]
    assert patient.drain() == []
    users = [e for e in tracker_events(assistant, session_of(patient.token)) if e["event"] == "user"]
    assert [e["message_id"] for e in users].count(message_id) == 1


def test_bad_messages_get_a_clear_error_and_the_session_goes_on(tab):
    patient = tab()
    for payload, code in (
        ({"session_token": patient.token, "message": "x" * (MESSAGE_LIMIT + 1)}, "message_too_long"),
        ({"session_token": patient.token}, "message_missing"),
        ("just a string", "bad_request"),
    ):
        ack = patient.send(payload)
        assert ack["error"] == code and ack["detail"]
    assert texts(patient.say("<img src=x onerror=alert(1)>"))


def test_pages_on_other_origins_cannot_connect(assistant, web_port):
    with pytest.raises(socketio.exceptions.ConnectionError):
        WidgetChat(assistant["url"], origin="https://evil.example")
    with pytest.raises(socketio.exceptions.ConnectionError):
        WidgetChat(assistant["url"], origin=f"http://localhost:{web_port}")  # same port, other origin


def test_polling_gets_one_cors_answer_for_the_allowed_origin_only(assistant, web_port):
    def cors(origin):
        request = urllib.request.Request(f"{assistant['url']}/socket.io/?EIO=4&transport=polling",
                                         headers={"Origin": origin})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, response.headers.get_all("Access-Control-Allow-Origin") or []
        except urllib.error.HTTPError as failure:
            return failure.code, failure.headers.get_all("Access-Control-Allow-Origin") or []

    assert cors(web_origin(web_port)) == (200, [web_origin(web_port)])  # browsers refuse two
    assert cors("https://evil.example") == (400, [])
