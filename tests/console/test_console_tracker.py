"""Reading Rasa's tracker store: the rows the Rasa server wrote for real conversations, read from
the SQLite file and from a PostgreSQL copy of the same rows; the summary index keeps up with new
rows and rebuilds when rows are deleted; the reader cannot write."""
from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import create_engine, insert, select
from sqlalchemy.exc import DBAPIError

from console.summaries import ConversationIndex
from console.tracker import TrackerReader, copy_sqlite_database, events, read_only_engine

pytestmark = pytest.mark.server


def _summaries(index, senders):
    return {s.conversation_id: s for s in index.all() if s.conversation_id in senders}


@pytest.fixture
def tracker_copy(console_data, tmp_path):
    target = tmp_path / "conversations.db"
    copy_sqlite_database(console_data["tracker_db"], target)
    return target


def test_summaries_say_what_happened_in_each_conversation(console_data):
    conversations = console_data["conversations"]
    index = ConversationIndex(TrackerReader(f"sqlite:///{console_data['tracker_db']}"), low_confidence=0.6)
    found = _summaries(index, {c.sender for c in conversations.values()})
    booking, emergency = found[conversations["quiz_booking"].sender], found[conversations["emergency"].sender]
    assert booking.quiz_started and booking.quiz_completed and booking.route == conversations["quiz_booking"].facts["route"]
    assert booking.booking_references == (conversations["quiz_booking"].facts["reference"],)
    assert booking.fallback_turns == 0  # names and phone numbers typed into the form are not fallbacks
    assert emergency.triage_level == "emergency" and "saddle_numbness" in emergency.triage_reasons
    assert emergency.alert_at and emergency.user_turns == 1 and not emergency.quiz_started
    urgent = found[conversations["urgent"].sender]
    assert urgent.triage_level == "urgent" and urgent.quiz_started and not urgent.quiz_completed
    assert found[conversations["faq"].sender].unanswered == 1
    assert found[conversations["fallback"].sender].fallback_turns == 2
    assert found[conversations["contact"].sender].first_message.count("•••") == 2
    assert {s.channel for s in found.values()} == {"rest"}


def test_the_index_reads_new_rows_only_and_rebuilds_after_deletions(console_data, tracker_copy):
    emergency = console_data["conversations"]["emergency"].sender
    index = ConversationIndex(TrackerReader(f"sqlite:///{tracker_copy}"), low_confidence=0.6, check_every=0)
    before = {s.conversation_id: s.user_turns for s in index.all()}
    with sqlite3.connect(tracker_copy) as connection:  # a second patient says the same (new rows)
        connection.execute("INSERT INTO events (sender_id, type_name, timestamp, intent_name, action_name, data) "
                           "SELECT 'copy-' || sender_id, type_name, timestamp, intent_name, action_name, data "
                           "FROM events WHERE sender_id = ? ORDER BY id", (emergency,))
    after = {s.conversation_id: s for s in index.all()}
    assert after[f"copy-{emergency}"].triage_level == "emergency"
    assert {k: after[k].user_turns for k in before} == before  # nothing counted twice
    with sqlite3.connect(tracker_copy) as connection:  # a purge deletes a conversation's rows
        connection.execute("DELETE FROM events WHERE sender_id = ?", (emergency,))
    assert emergency not in {s.conversation_id for s in index.all()}


def test_the_reader_cannot_write(console_data, tracker_copy):
    engine = read_only_engine(f"sqlite:///{tracker_copy}")
    with pytest.raises(DBAPIError):
        with engine.begin() as connection:
            connection.execute(events.delete())
    engine.dispose()
    assert read_only_engine(f"sqlite:///{tracker_copy.parent / 'nothing-yet.db'}") is None
    nothing = TrackerReader(f"sqlite:///{tracker_copy.parent / 'nothing-yet.db'}")
    assert nothing.id_range() == (0, 0) and nothing.count() == 0 and nothing.search("pain") == set()


@pytest.mark.postgres
def test_the_same_rows_read_the_same_from_postgresql(console_data, pg_database_url):
    senders = {c.sender for c in console_data["conversations"].values()}
    source = create_engine(f"sqlite:///{console_data['tracker_db']}", future=True)
    target = create_engine(pg_database_url, future=True)
    events.metadata.create_all(target)  # Rasa's own SQLTrackerStore schema (console/tracker.py)
    with source.connect() as reading, target.begin() as writing:
        rows = [dict(row._mapping) for row in reading.execute(select(events).order_by(events.c.id))]
        writing.execute(insert(events), rows)
    source.dispose()
    target.dispose()
    on_sqlite = TrackerReader(f"sqlite:///{console_data['tracker_db']}")
    on_postgres = TrackerReader(pg_database_url)
    sqlite_index = ConversationIndex(on_sqlite, 0.6)
    postgres_index = ConversationIndex(on_postgres, 0.6)
    assert _summaries(postgres_index, senders) == _summaries(sqlite_index, senders)
    for term in ("parking", "PARKING AT", "<script>", "0199", "nothing like this"):
        assert on_postgres.search(term) == on_sqlite.search(term)
    faq = console_data["conversations"]["faq"].sender
    assert [e.id for e in on_postgres.conversation(faq)] == [e.id for e in on_sqlite.conversation(faq)]
    with pytest.raises(DBAPIError):  # read only in the session, whatever the role may do
        with read_only_engine(pg_database_url).begin() as connection:
            connection.execute(events.delete())
    on_postgres.dispose()
    on_sqlite.dispose()
