"""The widget's event shapes, shared by live replies and by the history sent on reconnect.

One bot message is one ``bot_uttered`` event::

    {"text": "...", "buttons": [{"title": "...", "payload": "/..."}],
     "custom": {"type": "quiz_result", ...}, "image": "...", "attachment": ...}

with only the keys that apply: the text and the custom payload of one response stay together,
so a card shows the words that came with it. Custom payloads are passed on unchanged. Plain
Python (no Rasa import), so the shapes are tested on their own.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Dict, Iterable, List, Mapping, Optional

from clinic_core.catalogue import load_catalogue
from clinic_core.clinic import clinic

PATIENT = "patient"
ASSISTANT = "assistant"


def _button(button: Mapping[str, Any]) -> Dict[str, str]:
    return {"title": str(button.get("title") or ""), "payload": str(button.get("payload") or "")}


def bot_message(message: Mapping[str, Any]) -> Dict[str, Any]:
    """The ``bot_uttered`` event for one bot response (a Rasa response dict or a bot event's data)."""
    shaped: Dict[str, Any] = {}
    if message.get("text"):
        shaped["text"] = str(message["text"])
    buttons = message.get("buttons") or message.get("quick_replies")
    if buttons:
        shaped["buttons"] = [_button(b) for b in buttons]
    for key in ("custom", "image", "attachment"):
        if message.get(key):
            shaped[key] = message[key]
    return shaped


def _shown_text(text: str, buttons: List[Dict[str, str]]) -> str:
    """What the patient saw themselves say: a button's title rather than its payload."""
    for button in buttons:
        if button["payload"] == text:
            return button["title"]
    return text


def history(events: Iterable[Mapping[str, Any]]) -> List[Dict[str, Any]]:
    """The current conversation as the widget shows it, from serialised tracker events.

    Only the current session: a restart or a new session starts the list again."""
    shown: List[Dict[str, Any]] = []
    last_buttons: List[Dict[str, str]] = []
    for event in events:
        kind = event.get("event")
        if kind in ("restart", "session_started"):
            shown, last_buttons = [], []
        elif kind == "user":
            text = event.get("text") or ""
            shown.append({"from": PATIENT, "text": _shown_text(text, last_buttons),
                          "message_id": event.get("message_id")})
        elif kind == "bot":
            message = bot_message({"text": event.get("text"), **(event.get("data") or {})})
            if message:
                last_buttons = message.get("buttons", [])
                shown.append({"from": ASSISTANT, **message})
    return shown


def taken_message_ids(events: Iterable[Mapping[str, Any]]) -> set:
    return {event.get("message_id") for event in events if event.get("event") == "user"}


@lru_cache(maxsize=1)
def widget_facts() -> Dict[str, Any]:
    """What the widget shows besides the conversation: the notice's facts and the quiz labels."""
    facts = clinic()
    return {
        "clinic": {
            "name": facts.name,
            "phone": facts.phone,
            "phone_e164": facts.phone_e164,
            "emergency_number": facts.emergency_number,
            "crisis_line": facts.crisis_line,
            "hours": facts.hours,
            "conversation_storage": facts.conversation_storage,
        },
        "labels": {item.id: item.label for item in load_catalogue().items.values()},
    }


def session_confirm(token: str, restored: bool, expired: bool, shown: Optional[List[Dict[str, Any]]]) -> Dict[str, Any]:
    return {"session_token": token, "restored": restored, "expired": expired, "history": shown or [],
            **widget_facts()}
