"""What the latest user message says, read safely from the tracker.

Only entities produced by our own rule-layer components are trusted: a patient who types
``/describe_symptoms{"symptom": "groin_pain"}`` gets an intent parsed by Rasa's regex handler
but no extractor name on the entities, so nothing they type that way can fill an answer.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

from rasa_sdk import Tracker

from clinic_core.language.answers import NO, SKIP, UNSURE, YES, looks_like_command, short_answer
from clinic_core.vocabulary import TRUSTED_EXTRACTORS


# Event types that carry no conversational turn of their own.
_SILENT_EVENTS = {"slot", "active_loop", "user_featurization", "loop_interrupted"}


@dataclass
class Turn:
    text: str
    intent: Optional[str]
    confidence: float
    entities: List[Dict[str, Any]] = field(default_factory=list)
    # "activation": the form is starting on this message; "fresh": the user just spoke to the
    # running form; "returning": the form resumes after another action answered something.
    kind: str = "fresh"

    @classmethod
    def of(cls, tracker: Tracker, form_name: Optional[str] = None) -> "Turn":
        message = tracker.latest_message or {}
        intent = (message.get("intent") or {})
        entities = [
            e for e in message.get("entities") or [] if e.get("extractor") in TRUSTED_EXTRACTORS
        ]
        kind = "fresh"
        if form_name is not None:
            if (tracker.active_loop or {}).get("name") != form_name:
                kind = "activation"
            elif not _user_spoke_last(tracker, form_name):
                kind = "returning"
        text = message.get("text") or ""
        return cls(
            text=text,
            # The classifier names some intent even for an empty message; that is no answer.
            intent=intent.get("name") if text.strip() else None,
            confidence=float(intent.get("confidence") or 0.0),
            entities=entities,
            kind=kind,
        )

    def entity_values(self, entity: str, role: Optional[str] = None) -> List[Any]:
        return [
            e.get("value")
            for e in self.entities
            if e.get("entity") == entity and (role is None or e.get("role") == role)
        ]

    @property
    def yes_no(self) -> Optional[str]:
        """YES / NO / UNSURE / SKIP when the message answers a yes-no question, else None.

        The words (or the button) first; the classifier's intent only when the words say nothing.
        """
        return self.said_in_words or self._by_intent

    @property
    def said_in_words(self) -> Optional[str]:
        """The answer the words or the button give, never the classifier's guess."""
        if not self.text.strip():
            return None
        if self.is_typed_command:  # a button payload such as /affirm
            return self._by_intent
        return short_answer(self.text)

    @property
    def _by_intent(self) -> Optional[str]:
        if not self.text.strip():
            return None
        return {"affirm": YES, "deny": NO, "not_sure": UNSURE, "skip": SKIP}.get(self.intent or "")

    @property
    def is_typed_command(self) -> bool:
        return looks_like_command(self.text)


def _user_spoke_last(tracker: Tracker, form_name: str) -> bool:
    """True when nothing but bookkeeping happened between the user's message and this form run."""
    events = list(tracker.events)
    # The form's own ActionExecuted is appended last to the tracker a validation action sees.
    skipped_form = False
    for event in reversed(events):
        kind = event.get("event")
        if kind in _SILENT_EVENTS:
            continue
        if kind == "action" and event.get("name") == form_name and not skipped_form:
            skipped_form = True
            continue
        return kind == "user"
    return False
