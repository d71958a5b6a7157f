"""Tracker fixtures for action tests (the financial-demo pattern: build a tracker, run the
action with a CollectingDispatcher, assert the returned events and the responses)."""
from __future__ import annotations

from typing import Any, Dict, List, Optional

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from rasa.core.nlg.interpolator import interpolate_text

from scripts.servers import ROOT


def make_tracker(
    text: str = "",
    intent: Optional[str] = None,
    entities: Optional[List[Dict[str, Any]]] = None,
    slots: Optional[Dict[str, Any]] = None,
    events: Optional[List[Dict[str, Any]]] = None,
    active_loop: Optional[str] = None,
    intent_ranking: Optional[List[Dict[str, Any]]] = None,
    response_selector: Optional[Dict[str, Any]] = None,
    confidence: float = 0.95,
) -> Tracker:
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": confidence} if intent else {},
        "entities": entities or [],
        "intent_ranking": intent_ranking or ([{"name": intent, "confidence": confidence}] if intent else []),
    }
    if response_selector is not None:
        latest["response_selector"] = response_selector
    all_slots = {"safety_check_answer": "not_needed"}
    all_slots.update(slots or {})
    history = events if events is not None else [
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": text, "parse_data": latest},
    ]
    return Tracker(
        sender_id="test-sender",
        slots=all_slots,
        latest_message=latest,
        events=history,
        paused=False,
        followup_action=None,
        active_loop={"name": active_loop} if active_loop else {},
        latest_action_name=history[-1].get("name") if history else None,
    )


def form_turn_events(text: str, parse_data: Dict[str, Any], form: str, before: Optional[List[Dict]] = None) -> List[Dict]:
    """Events as Rasa gives them to a form's validation action right after a user message."""
    return [
        *(before or []),
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": text, "parse_data": parse_data},
        {"event": "slot", "name": "requested_slot", "value": None},
        {"event": "action", "name": form},
    ]


def symptom(item: str, present: bool = True) -> Dict[str, Any]:
    return {"entity": "symptom", "value": item, "role": "present" if present else "absent",
            "extractor": "SymptomExtractor"}


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()


@pytest.fixture(scope="session")
def domain() -> Dict[str, Any]:
    merged: Dict[str, Any] = {}
    for path in sorted((ROOT / "domain").glob("*.yml")):
        part = yaml.safe_load(path.read_text()) or {}
        for key, value in part.items():
            if isinstance(value, dict):
                merged.setdefault(key, {}).update(value)
            elif isinstance(value, list):
                merged.setdefault(key, []).extend(value)
    return merged


def said(message: Dict[str, Any], domain: Dict[str, Any], channel: Optional[str] = None) -> str:
    """The text a response message renders to, filled by Rasa's own interpolator from the action's
    parameters (the response's variant for ``channel``, else its default). Literal text as it is."""
    if not message.get("response"):
        return message.get("text") or ""
    variants = domain["responses"][message["response"]]
    chosen = [v for v in variants if channel and v.get("channel") == channel] or \
        [v for v in variants if not v.get("channel")]
    return interpolate_text(chosen[0]["text"], {k: v for k, v in message.items() if isinstance(v, str)})
