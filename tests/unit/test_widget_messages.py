"""The widget's event shapes and the history it gets back on reconnect (no server)."""
from __future__ import annotations

from channels.widget_messages import bot_message, history, session_confirm, taken_message_ids, widget_facts
from clinic_core.catalogue import load_catalogue
from clinic_core.clinic import clinic

BUTTONS = [{"title": "Yes", "payload": "/affirm"}, {"title": "No", "payload": "/deny"}]
QUESTION = {"type": "quiz_question", "item": "pain_sitting"}
RESULT = {"type": "quiz_result", "route": "si_likely", "probability": 0.62, "band": "high",
          "answers": {"pain_sitting": True}, "drivers": ["pain_sitting"], "next_steps": ["See us."]}


def test_one_response_is_one_event_with_its_text_buttons_and_payload_intact():
    response = {"text": "Does sitting hurt?", "buttons": BUTTONS, "custom": QUESTION,
                "image": None, "elements": None, "quick_replies": None, "attachment": None}
    assert bot_message(response) == {"text": "Does sitting hurt?", "buttons": BUTTONS, "custom": QUESTION}
    assert bot_message({"custom": RESULT}) == {"custom": RESULT}
    assert bot_message({"text": "", "custom": None}) == {}


def test_quick_replies_are_buttons_and_buttons_keep_only_title_and_payload():
    shaped = bot_message({"text": "Pick", "quick_replies": [{"title": "A", "payload": "/a", "type": "postback"}]})
    assert shaped["buttons"] == [{"title": "A", "payload": "/a"}]


def _events():
    return [
        {"event": "action", "name": "action_session_start"},
        {"event": "session_started"},
        {"event": "user", "text": "old session", "message_id": "m0"},
        {"event": "session_started"},
        {"event": "user", "text": "take the quiz", "message_id": "m1"},
        {"event": "bot", "text": "Does sitting hurt?", "data": {"buttons": BUTTONS, "custom": QUESTION}},
        {"event": "slot", "name": "quiz_pending_item", "value": "pain_sitting"},
        {"event": "user", "text": "/affirm", "message_id": "m2"},
        {"event": "bot", "text": "Your result", "data": {"custom": RESULT}},
        {"event": "user", "text": "/deny", "message_id": "m3"},  # typed, no button offered it
    ]


def test_history_is_the_current_session_as_the_patient_saw_it():
    shown = history(_events())
    assert [item["from"] for item in shown] == ["patient", "assistant", "patient", "assistant", "patient"]
    assert shown[0] == {"from": "patient", "text": "take the quiz", "message_id": "m1"}
    assert shown[1] == {"from": "assistant", "text": "Does sitting hurt?", "buttons": BUTTONS, "custom": QUESTION}
    assert shown[2]["text"] == "Yes"  # the button's title, not its payload
    assert shown[3]["custom"] == RESULT
    assert shown[4]["text"] == "/deny"


def test_a_restart_clears_the_history():
    assert history(_events() + [{"event": "restart"}]) == []


def test_message_ids_taken():
    assert taken_message_ids(_events()) == {"m0", "m1", "m2", "m3"}


def test_session_confirm_carries_the_notice_facts_from_clinic_yml_and_quiz_labels():
    confirm = session_confirm("tok", True, False, history(_events()))
    assert confirm["session_token"] == "tok" and confirm["restored"] and not confirm["expired"]
    facts = widget_facts()["clinic"]
    assert facts["emergency_number"] == clinic().emergency_number
    assert facts["phone_e164"] == clinic().phone_e164
    assert facts["conversation_storage"] == clinic().conversation_storage != ""
    assert confirm["labels"]["pain_sitting"] == load_catalogue().item("pain_sitting").label
