"""What the latest user message says, read safely from the tracker, and what the assistant
asked just before it.

Only entities produced by our own rule-layer components are trusted: a patient who types
``/describe_symptoms{"symptom": "groin_pain"}`` gets an intent parsed by Rasa's regex handler
but no extractor name on the entities, so nothing they type that way can fill an answer.

This is the one reading of what the words or a button say: a typed "2", "the first one" or the
words of a button's title count as pressing that button of the last question
(clinic_core.language.choices), for every form and every question.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Dict, List, Optional, Tuple

from rasa_sdk import Tracker

from clinic_core.language.answers import (
    ACKNOWLEDGE, DECLINE, NO, SKIP, THANKS, UNSURE, YES, looks_like_command, reply_kind, short_answer,
)
from clinic_core.language.choices import Choice, choose
from clinic_core.vocabulary import TRUSTED_EXTRACTORS


# Event types that carry no conversational turn of their own.
_SILENT_EVENTS = {"slot", "active_loop", "user_featurization", "loop_interrupted"}
# Intents (and button payloads "/affirm" ...) that answer a yes-no question.
ANSWER_INTENTS = {"affirm": YES, "deny": NO, "not_sure": UNSURE, "skip": SKIP}
# What the assistant says when it did not understand (actions/fallback.py).
UNCLEAR_RESPONSES = frozenset({"utter_ask_rephrase", "utter_did_you_mean", "utter_default"})
# Replies that say something without answering a question ("not now", "thanks", "got it").
_NOT_ANSWERS = {DECLINE, THANKS, ACKNOWLEDGE}


@dataclass(frozen=True)
class AssistantTurn:
    """What the assistant did and said between two user messages."""

    actions: Tuple[str, ...] = ()
    messages: Tuple[Dict[str, Any], ...] = ()
    answered: str = ""  # the user's message this turn answered

    @property
    def buttons(self) -> List[Dict[str, Any]]:
        """The buttons of its last message that had any (the question it asked)."""
        for message in reversed(self.messages):
            buttons = (message.get("data") or {}).get("buttons") or []
            if buttons:
                return [b for b in buttons if isinstance(b, dict) and b.get("title") and b.get("payload")]
        return []

    @property
    def responses(self) -> Tuple[str, ...]:
        return tuple((m.get("metadata") or {}).get("utter_action") or "" for m in self.messages)

    @property
    def payload_types(self) -> Tuple[str, ...]:
        customs = [(m.get("data") or {}).get("custom") for m in self.messages]
        return tuple(c.get("type") for c in customs if isinstance(c, dict) and c.get("type"))

    @property
    def misunderstood(self) -> bool:
        return bool(UNCLEAR_RESPONSES.intersection(self.responses))


def assistant_turns(tracker: Tracker) -> List[AssistantTurn]:
    """The assistant's turns before the latest user message, newest first, in this session.

    Turns in which the assistant said nothing (a message replayed as the button it picked) are
    left out: the question before them is still the one being answered."""
    turns: List[AssistantTurn] = []
    actions: List[str] = []
    messages: List[Dict[str, Any]] = []
    events = list(tracker.events)
    for event in reversed(events[:latest_user_index(events)]):
        kind = event.get("event")
        if kind in ("session_started", "restart"):
            break
        if kind == "user":
            if messages:
                turns.append(AssistantTurn(tuple(reversed(actions)), tuple(reversed(messages)), event.get("text") or ""))
            actions, messages = [], []
        elif kind == "bot":
            messages.append(event)
        elif kind == "action" and event.get("name") != "action_listen":
            actions.append(event.get("name") or "")
    if messages:
        turns.append(AssistantTurn(tuple(reversed(actions)), tuple(reversed(messages))))
    return turns


def last_question(turns: List[AssistantTurn]) -> Optional[AssistantTurn]:
    """The newest assistant turn that was not a "please say it another way": the question still open."""
    return next((t for t in turns if not t.misunderstood), None)


def latest_user_index(events: List[Dict[str, Any]]) -> int:
    """Where the latest user message stands among these events (their length when there is none)."""
    for index in range(len(events) - 1, -1, -1):
        if events[index].get("event") == "user":
            return index
    return len(events)


@dataclass
class Turn:
    text: str
    intent: Optional[str]
    confidence: float
    entities: List[Dict[str, Any]] = field(default_factory=list)
    # "activation": the form is starting on this message; "fresh": the user just spoke to the
    # running form; "returning": the form resumes after another action answered something;
    # "starting": the validation Rasa runs while it activates the form, before the "activation"
    # call that reads the message (nothing to validate or ask in it).
    kind: str = "fresh"
    # The buttons of the question the assistant asked last (typed answers may pick one).
    options: List[Dict[str, Any]] = field(default_factory=list)

    @classmethod
    def of(cls, tracker: Tracker, form_name: Optional[str] = None,
           turns: Optional[List[AssistantTurn]] = None) -> "Turn":
        """This message as an answer; ``turns`` are the assistant_turns() when the caller has them."""
        message = tracker.latest_message or {}
        intent = (message.get("intent") or {})
        entities = [
            e for e in message.get("entities") or [] if e.get("extractor") in TRUSTED_EXTRACTORS
        ]
        kind = "fresh"
        if form_name is not None:
            if (tracker.active_loop or {}).get("name") != form_name:
                kind = "activation"
            elif _activated_since_user_spoke(tracker, form_name):
                kind = "starting"
            elif not _user_spoke_last(tracker, form_name):
                kind = "returning"
        text = message.get("text") or ""
        turns = assistant_turns(tracker) if turns is None else turns
        return cls(
            text=text,
            # The classifier names some intent even for an empty message; that is no answer.
            intent=intent.get("name") if text.strip() else None,
            confidence=float(intent.get("confidence") or 0.0),
            entities=entities,
            kind=kind,
            options=turns[0].buttons if turns else [],
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

        The words (or the button) first; the classifier's intent only when the words say nothing,
        and never for a reply that answers nothing ("maybe later", "thanks", "cool").
        """
        said = self.said_in_words
        if said is not None or self.is_typed_command or reply_kind(self.text) in _NOT_ANSWERS:
            return said
        return self._by_intent

    @property
    def said_in_words(self) -> Optional[str]:
        """The answer the words or the button give (pressed, or typed: "3", "not sure"), never
        the classifier's guess."""
        if not self.text.strip():
            return None
        if self.is_typed_command:  # a button payload such as /affirm
            return self._by_intent
        chosen = self.chosen
        return short_answer(self.text) or (answer_of(chosen["payload"]) if chosen else None)

    @cached_property  # several readers per turn (interruption, yes/no, offices); choose() is not free
    def chosen(self) -> Optional[Dict[str, Any]]:
        """The button of the last question this message picks: pressed, or typed as its number,
        its ordinal or its words. None when it picks none, or several equally."""
        text = self.text.strip()
        if not self.options or not text:
            return None
        if self.is_typed_command:
            return next((b for b in self.options if b["payload"] == text), None)
        picked = choose(text, [Choice(key=f"button-{i}", title=b["title"]) for i, b in enumerate(self.options)])
        return self.options[int(picked.key.split("-")[1])] if picked.key is not None else None

    @property
    def _by_intent(self) -> Optional[str]:
        if not self.text.strip():
            return None
        return ANSWER_INTENTS.get(self.intent or "")

    @property
    def is_typed_command(self) -> bool:
        return looks_like_command(self.text)


def answer_of(payload: str) -> Optional[str]:
    """YES / NO / UNSURE / SKIP for a button payload such as "/affirm", else None."""
    return ANSWER_INTENTS.get(payload[1:]) if looks_like_command(payload) else None


def _activated_since_user_spoke(tracker: Tracker, form_name: str) -> bool:
    """The form's ActiveLoop event comes after the user's latest message."""
    for event in reversed(list(tracker.events)):
        if event.get("event") == "user":
            return False
        if event.get("event") == "active_loop" and event.get("name") == form_name:
            return True
    return False


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
