"""clinic_core.retention on real databases: conversations written by Rasa's own SQL tracker store
(SQLite), booking requests and outbox rows on SQLite and PostgreSQL."""
from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import create_engine, text

from clinic_core.retention import DailyPurge, purge_older_than
from scripts.servers import ROOT, base_env

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=timezone.utc)


def days_ago(days: float) -> float:
    return (NOW - timedelta(days=days)).timestamp()


async def write_conversations(url: str) -> None:
    """Rasa's SQLTrackerStore writes the rows: an old closed conversation, an active one whose
    earlier session is old, and one that started old but is still going on today."""
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import ActionExecuted, SessionStarted, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=url.replace("sqlite:///", ""))

    def session(start: float, words: str):
        return [ActionExecuted("action_session_start", timestamp=start), SessionStarted(timestamp=start),
                ActionExecuted("action_listen", timestamp=start), UserUttered(words, timestamp=start + 1)]

    conversations = {
        "old": session(days_ago(90), "my back hurts"),
        "returning": session(days_ago(60), "first visit") + session(days_ago(1), "second visit"),
        "ongoing": session(days_ago(40), "long session") + [UserUttered("still here", timestamp=days_ago(0.1))],
    }
    for sender, events in conversations.items():
        await store.save(DialogueStateTracker.from_events(sender, events))


def texts_by_sender(url: str):
    engine = create_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT sender_id, data FROM events ORDER BY id")).all()
    engine.dispose()
    found = {}
    for sender, data in rows:
        found.setdefault(sender, []).append(data)
    return found


async def test_old_conversations_and_closed_sessions_go_and_current_sessions_stay(tmp_path):
    tracker_url = f"sqlite:///{tmp_path / 'conversations.db'}"
    await write_conversations(tracker_url)
    counts = purge_older_than(30, tracker_db_url=tracker_url, booking_db_url=f"sqlite:///{tmp_path / 'b.db'}", now=NOW)
    left = texts_by_sender(tracker_url)
    assert "old" not in left and counts.conversations == 1
    assert not any("first visit" in row for row in left["returning"])
    assert any("second visit" in row for row in left["returning"])
    assert any("long session" in row for row in left["ongoing"])  # the session is still going on
    # old: 4; returning: its first session (4); ongoing: the action_session_start row before its
    # session_started (Rasa loads a conversation from session_started on).
    assert counts.events == 4 + 4 + 1


def test_booking_requests_go_once_delivered_or_closed_and_payloads_are_emptied(store, make_request):
    delivered = make_request(now=NOW - timedelta(days=45))
    closed = make_request(now=NOW - timedelta(days=45))
    waiting = make_request(now=NOW - timedelta(days=45))
    recent = make_request(now=NOW - timedelta(days=2))
    store.set_status(closed.reference, "closed")
    for request in (delivered, recent):
        item = store.outbox_for(request.reference)
        store.record_attempt(item, status="delivered", attempts=1, delivered_at=NOW - timedelta(days=1))
    counts = purge_older_than(30, tracker_db_url="sqlite://", booking_db_url=store.database_url, now=NOW)
    assert counts.requests == 2 and counts.payloads == 1
    left = {r.reference for r in store.list_requests()}
    assert left == {waiting.reference, recent.reference}
    assert store.outbox_for(recent.reference).payload == {}
    assert store.outbox_for(waiting.reference).payload["resourceType"] == "Appointment"


def test_the_daily_chore_runs_once_a_day(tmp_path):
    clock = [1000.0]
    chore = DailyPurge(30, "sqlite://", f"sqlite:///{tmp_path / 'b.db'}", clock=lambda: clock[0])
    assert chore() is not None
    clock[0] += 3600
    assert chore() is None
    clock[0] += 24 * 3600
    assert chore() is not None


def test_the_purge_command_prints_its_counts(tmp_path):
    env = base_env()
    env.update(TRACKER_DATABASE_URL=f"sqlite:///{tmp_path / 'c.db'}", BOOKING_DATABASE_URL=f"sqlite:///{tmp_path / 'b.db'}")
    done = subprocess.run([sys.executable, "-m", "clinic_core.retention", "--days", "7"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "deleted 0 conversation event(s)" in done.stdout
