"""scripts/rasa_speedups.py changes cost, not behaviour: the action-response validator built once
accepts what Rasa's own validation accepts and refuses what it refuses, with Rasa's error.
(tests/faults/test_action_response_faults.py sends a bad response through a real Rasa server.)"""
from __future__ import annotations

import jsonschema
import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa_sdk.events import (
    ActionExecuted, ActiveLoop, AllSlotsReset, BotUttered, FollowupAction, Restarted, SessionStarted, SlotSet,
)

from scripts import rasa_speedups

VALID = [
    {},
    {"events": [], "responses": []},
    {"events": [SlotSet("quiz_item", "sitting_pain"), SlotSet("requested_slot", None), ActiveLoop("pain_quiz_form")],
     "responses": [{"text": "Does it hurt when you sit?", "buttons": [{"title": "Yes", "payload": "/affirm"}],
                    "custom": {"type": "quiz_question", "item": "sitting_pain"}}]},
    {"events": [SessionStarted(), SlotSet("clinic_name", "Spine Clinic"), ActionExecuted("action_listen")]},
    {"events": [FollowupAction("action_quiz_result"), AllSlotsReset(), Restarted(), ActiveLoop(None)]},
    {"events": [BotUttered("Call 911 now.", {"custom": {"type": "triage_alert", "level": "emergency",
                                                        "reasons": ["cauda_equina"]}})],
     "responses": [{"response": "utter_alert_emergency", "emergency_number": "911"}]},
]

INVALID = [
    {"events": "not a list"},
    {"events": [{"name": "quiz_item", "value": 1}]},  # no "event"
    {"events": [{"event": "no_such_event"}]},
    {"events": [{"event": "slot", "value": "no name"}]},
    {"events": [SlotSet("quiz_item", "x"), {"event": "slot", "name": 7, "value": 1}]},  # a number as the name
    {"responses": [["not", "an", "object"]]},
    {"events": [], "responses": "text"},
    "not an object",
]


@pytest.fixture(scope="module")
def speedy():
    rasa_speedups.install()
    return RemoteAction("validate_pain_quiz_form", None)


def _outcome(validate, response):
    try:
        return validate(response)
    except ValidationError as error:
        return ("refused", error.message, list(error.absolute_path))


def test_install_puts_the_built_once_validator_in_front_of_rasas_own(speedy):
    method = type(speedy)._validate_action_result
    assert method.__module__ == "scripts.rasa_speedups"
    assert method.rasa_method.__module__ == "rasa.core.actions.action"


@pytest.mark.parametrize("response", VALID, ids=range(len(VALID)))
def test_a_valid_response_is_accepted_without_rebuilding_a_validator(speedy, response, monkeypatch):
    assert type(speedy)._validate_action_result.rasa_method(speedy, response) is True  # Rasa's own agrees

    def rebuilt(*_, **__):
        raise AssertionError("jsonschema.validate called: the validator was rebuilt")

    monkeypatch.setattr(jsonschema, "validate", rebuilt)
    assert speedy._validate_action_result(response) is True


@pytest.mark.parametrize("response", INVALID, ids=range(len(INVALID)))
def test_an_invalid_response_is_refused_with_rasas_error(speedy, response):
    ours = _outcome(speedy._validate_action_result, response)
    rasas = _outcome(lambda r: type(speedy)._validate_action_result.rasa_method(speedy, r), response)
    assert ours[0] == "refused" and ours == rasas
    assert "Failed to validate Action server response" in ours[1]
