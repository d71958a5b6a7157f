"""A conversation's events as a transcript: who said what, what the assistant understood, what
it concluded. Plain data for the templates and the exports; the templates escape every string."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Dict, List, Optional, Tuple

from console.summaries import SummaryFolder, turn_confidences, utc
from console.tracker import Event

# Slots that say nothing about this conversation (clinic facts, form bookkeeping).
QUIET_SLOTS = frozenset({
    "clinic_name", "clinic_phone", "emergency_number", "clinic_hours", "new_patient_wait", "callback_time",
    "clinic_insurance", "clinic_locations", "requested_slot", "quiz_pending_item", "quiz_item", "quiz_asked",
    "safety_check_question", "safety_check_answer", "booking_submission_id",
})
SYSTEM_ACTIONS = {
    "action_default_ask_affirmation": "the assistant was unsure and asked what was meant",
    "action_default_fallback": "the assistant did not understand and gave the clinic's phone number",
    "action_restart": "the conversation was restarted",
}


@dataclass
class Item:
    kind: str  # "user", "bot" or "system"
    event_id: int
    at: Optional[datetime]
    text: str = ""
    # user messages
    intent: Optional[str] = None
    confidence: Optional[float] = None
    faq_topic: Optional[str] = None
    faq_confidence: Optional[float] = None
    entities: List[Dict[str, Any]] = field(default_factory=list)
    channel: Optional[str] = None
    low_confidence: bool = False
    # assistant messages
    buttons: List[str] = field(default_factory=list)
    payload: Optional[Dict[str, Any]] = None
    # slots set after this item
    slots: List[Tuple[str, Any]] = field(default_factory=list)

    @property
    def is_command(self) -> bool:
        """A button press or typed command (``/affirm``), not the patient's own words."""
        return self.kind == "user" and self.text.startswith("/")

    def as_dict(self) -> Dict[str, Any]:
        data = {k: v for k, v in self.__dict__.items() if v not in (None, [], "") and k != "low_confidence"}
        data["at"] = self.at.isoformat() if self.at else None
        return data


@dataclass
class Transcript:
    conversation_id: str
    items: List[Item]
    quiz_answers: Dict[str, Any]
    quiz_result: Optional[Dict[str, Any]]
    alerts: List[Dict[str, Any]]
    references: List[str]

    def user_item(self, event_id: int) -> Optional[Item]:
        return next((i for i in self.items if i.kind == "user" and i.event_id == event_id), None)


def user_item(event: Event, folder: SummaryFolder) -> Item:
    parse = event.data.get("parse_data") or {}
    intent = parse.get("intent") or {}
    confidence, faq_confidence = turn_confidences(parse)
    selector = ((parse.get("response_selector") or {}).get("faq") or {}).get("response") or {}
    key = selector.get("intent_response_key") or intent.get("full_retrieval_intent_name") or ""
    return Item(
        "user", event.id, utc(event.timestamp), text=event.data.get("text") or "",
        intent=intent.get("name") or event.intent_name, confidence=confidence,
        faq_topic=key.split("/", 1)[1] if faq_confidence is not None and "/" in key else None,
        faq_confidence=faq_confidence,
        entities=[{k: e.get(k) for k in ("entity", "value", "role", "extractor") if e.get(k) is not None}
                  for e in parse.get("entities") or [] if isinstance(e, dict)],
        channel=event.data.get("input_channel"), low_confidence=folder.is_low_confidence(parse))


def _bot(event: Event) -> Item:
    data = event.data.get("data") or {}
    custom = data.get("custom")
    return Item("bot", event.id, utc(event.timestamp), text=event.data.get("text") or "",
                buttons=[str(b.get("title") or "") for b in data.get("buttons") or [] if isinstance(b, dict)],
                payload=custom if isinstance(custom, dict) else None)


def _system(event: Event) -> Optional[Item]:
    if event.type_name == "action" and event.action_name in SYSTEM_ACTIONS:
        return Item("system", event.id, utc(event.timestamp), text=SYSTEM_ACTIONS[event.action_name])
    if event.type_name == "active_loop":
        name = event.data.get("name")
        text = f"form {name} started" if name else "form ended"
        return Item("system", event.id, utc(event.timestamp), text=text)
    if event.type_name == "restart":
        return Item("system", event.id, utc(event.timestamp), text=SYSTEM_ACTIONS["action_restart"])
    return None


def build_transcript(conversation_id: str, events: List[Event], folder: SummaryFolder) -> Transcript:
    items: List[Item] = []
    transcript = Transcript(conversation_id, items, {}, None, [], [])
    for event in events:
        if event.type_name == "user":
            items.append(user_item(event, folder))
        elif event.type_name == "bot":
            item = _bot(event)
            items.append(item)
            _note_payload(transcript, item.payload)
        elif event.type_name == "slot":
            _note_slot(transcript, items, event)
        else:
            system = _system(event)
            if system is not None:
                items.append(system)
    return transcript


def _note_payload(transcript: Transcript, payload: Optional[Dict[str, Any]]) -> None:
    kind = (payload or {}).get("type")
    if kind == "quiz_result":
        transcript.quiz_result = payload
    elif kind == "triage_alert":
        transcript.alerts.append(payload)
    elif kind == "booking_confirmation" and payload.get("reference") not in transcript.references:
        transcript.references.append(str(payload.get("reference")))


def _note_slot(transcript: Transcript, items: List[Item], event: Event) -> None:
    name, value = event.action_name or event.data.get("name"), event.data.get("value")
    if name == "quiz_answers" and isinstance(value, dict):
        transcript.quiz_answers = value
    elif name == "quiz_result" and isinstance(value, dict) and transcript.quiz_result is None:
        transcript.quiz_result = value
    elif name == "booking_reference" and value and value not in transcript.references:
        transcript.references.append(str(value))
    if name not in QUIET_SLOTS and items:
        items[-1].slots.append((name, value))
