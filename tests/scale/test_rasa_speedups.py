"""scripts/rasa_speedups.py changes cost, not behaviour: the action-response validator built once
accepts what Rasa's own validation accepts and refuses what it refuses, with Rasa's error
(tests/faults/test_action_response_faults.py sends a bad response through a real Rasa server);
event classes found by type name as Rasa finds them; the SQLite tracker store keeps what it saves
and still fails a save it cannot make."""
from __future__ import annotations

import asyncio
import sqlite3

import jsonschema
import pytest
import sqlalchemy.exc
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


# --- event classes by type name ----------------------------------------------------------------

def _event_types():
    import rasa.shared.utils.common as common
    from rasa.shared.core.events import Event

    return sorted(cls.type_name for cls in common.all_subclasses(Event))


@pytest.mark.parametrize("type_name", _event_types())
def test_each_event_type_resolves_to_rasas_class_and_is_remembered(speedy, type_name, monkeypatch):
    import rasa.shared.utils.common as common
    from rasa.shared.core.events import Event

    expected = Event.resolve_by_type.rasa_method(type_name)
    assert Event.resolve_by_type(type_name) is expected

    def walked(*_):
        raise AssertionError("the class tree was walked again")

    monkeypatch.setattr(common, "all_subclasses", walked)
    assert Event.resolve_by_type(type_name) is expected
    assert Event.resolve_by_type(type_name, default=SlotSet) is expected


def test_an_unknown_event_type_gets_rasas_answer(speedy):
    from rasa.shared.core.events import Event, SlotSet as RasaSlotSet

    with pytest.raises(ValueError, match="Unknown event name 'no_such_event'"):
        Event.resolve_by_type("no_such_event")
    assert Event.resolve_by_type("no_such_event", default=RasaSlotSet) is RasaSlotSet
    assert Event.resolve_by_type("topic") is None  # Rasa's backwards compatibility


def test_a_stored_conversation_reads_back_the_same(speedy, tmp_path):
    tracker = _conversation(tmp_path / "conversations.db")
    store = _store(tmp_path / "conversations.db")
    again = asyncio.run(store.retrieve(tracker.sender_id))
    assert [e.as_dict() for e in again.events] == [e.as_dict() for e in tracker.events]
    assert again.current_state() == tracker.current_state()


# --- the SQLite tracker store -----------------------------------------------------------------

def _store(path):
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.domain import Domain

    domain = Domain.from_dict({"intents": ["greet"], "slots": {"quiz_item": {
        "type": "text", "influence_conversation": False, "mappings": [{"type": "custom"}]}}})
    return SQLTrackerStore(domain, dialect="sqlite", db=str(path))


def _conversation(path):
    from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet as RasaSlotSet, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    store = _store(path)
    tracker = DialogueStateTracker("patient-1", store.domain.slots)
    for event in (SessionStarted(), ActionExecuted("action_listen"),
                  UserUttered("hello", {"name": "greet", "confidence": 0.9}), RasaSlotSet("quiz_item", "pain_sitting"),
                  BotUttered("Hi", {"custom": {"type": "quiz_question", "item": "pain_sitting"}})):
        tracker.update(event)
        asyncio.run(store.save(tracker))
    return tracker


def test_the_sqlite_tracker_store_writes_ahead_and_keeps_its_connections(speedy, tmp_path):
    from sqlalchemy.pool import QueuePool

    path = tmp_path / "conversations.db"
    tracker = _conversation(path)
    store = _store(path)
    assert isinstance(store.engine.pool, QueuePool)
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as reader:  # as the staff console reads it
        assert reader.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert reader.execute("SELECT COUNT(*) FROM events WHERE sender_id = 'patient-1'").fetchone() == (5,)
        assert reader.execute("PRAGMA synchronous").fetchone() == (2,)  # FULL, as before
    assert len(asyncio.run(store.retrieve(tracker.sender_id)).events) == 5


def test_a_locked_sqlite_tracker_store_still_fails_the_save(speedy, tmp_path):
    """tests/faults relies on it: a save that cannot get the file is an error, not a silent loss."""
    from rasa.shared.core.events import SlotSet as RasaSlotSet

    path = tmp_path / "conversations.db"
    tracker = _conversation(path)
    store = _store(path)
    holder = sqlite3.connect(path, isolation_level=None, timeout=1)
    holder.execute("BEGIN IMMEDIATE")
    try:
        tracker.update(RasaSlotSet("quiz_item", "groin_pain"))
        with pytest.raises(sqlalchemy.exc.OperationalError, match="locked"):
            asyncio.run(store.save(tracker))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    asyncio.run(store.save(tracker))
    assert asyncio.run(store.retrieve(tracker.sender_id)).get_slot("quiz_item") == "groin_pain"


@pytest.mark.parametrize("url", ["postgresql://u:p@db.example:5432/rasa", "sqlite://", "sqlite:///:memory:"])
def test_other_tracker_stores_get_rasas_engine_settings(speedy, url, monkeypatch):
    import rasa.core.tracker_store as tracker_store

    monkeypatch.setenv("SQL_POOL_SIZE", "7")
    kwargs = tracker_store.create_engine_kwargs(url)
    assert kwargs == ({"pool_size": 7, "max_overflow": 100} if url.startswith("postgresql") else {})
