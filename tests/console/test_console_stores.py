"""Accounts, sessions, review state and the audit log on a real SQLite file and a real PostgreSQL
database (the clinic database, migrated by Alembic like in production)."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from clinic_core.booking.models import utcnow
from clinic_core.booking.store import BookingStore
from console.accounts import AccountError, Accounts
from console.audit import AuditLog
from console.review import ReviewStore

PASSWORD = "a long enough password"


@pytest.fixture
def engine(database_url):
    store = BookingStore(database_url)
    store.ensure_schema()
    yield store.engine
    store.dispose()


@pytest.fixture
def accounts(engine):
    return Accounts(engine, max_failures=5, lockout=timedelta(minutes=15), idle=timedelta(minutes=15),
                    lifetime=timedelta(hours=12))


def test_passwords_are_argon2_hashes_and_weak_ones_are_refused(accounts, engine):
    accounts.create_user("Alice", PASSWORD, "admin")
    with engine.connect() as connection:
        stored = connection.execute(text("SELECT password_hash FROM console_users WHERE username = 'alice'")).scalar()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    for name, password, role in (("bob", "short", "staff"), ("carol", "carol-is-my-password", "staff"),
                                 ("dave", PASSWORD, "root"), ("x", PASSWORD, "staff"), ("alice", PASSWORD, "staff")):
        with pytest.raises(AccountError):
            accounts.create_user(name, password, role)
    assert [u.username for u in accounts.list_users()] == ["alice"]


def test_five_wrong_passwords_lock_the_account_until_it_is_unlocked(accounts):
    accounts.create_user("bob", PASSWORD)
    assert accounts.sign_in("BOB ", PASSWORD).outcome == "ok"
    outcomes = [accounts.sign_in("bob", "wrong password!").outcome for _ in range(5)]
    assert outcomes == ["wrong"] * 4 + ["locked"]
    assert accounts.sign_in("bob", PASSWORD).outcome == "locked"  # the right password does not help now
    later = utcnow() + timedelta(minutes=16)
    assert accounts.sign_in("bob", PASSWORD, now=later).outcome == "ok"  # the lock runs out
    assert accounts.sign_in("nobody", PASSWORD).outcome == "wrong"


def test_a_good_password_resets_the_count_and_an_admin_can_unlock(engine):
    accounts = Accounts(engine, max_failures=3)
    accounts.create_user("carol", PASSWORD)
    accounts.sign_in("carol", "nope nope nope")
    accounts.sign_in("carol", "nope nope nope")
    assert accounts.sign_in("carol", PASSWORD).outcome == "ok"
    assert [accounts.sign_in("carol", "nope nope nope").outcome for _ in range(3)] == ["wrong", "wrong", "locked"]
    accounts.unlock("carol")
    assert accounts.sign_in("carol", PASSWORD).outcome == "ok"


def test_sessions_end_when_idle_after_their_lifetime_and_on_sign_out(accounts, engine):
    user = accounts.create_user("dave", PASSWORD)
    now = utcnow()
    token = accounts.start_session(user, now=now)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT token_hash FROM console_sessions")).scalar() != token
    assert accounts.session(token, now=now + timedelta(minutes=14))[0].username == "dave"
    assert accounts.session(token, now=now + timedelta(minutes=28)) is not None  # used at 14 min: still alive
    assert accounts.session(token, now=now + timedelta(minutes=45)) is None  # idle for 17 minutes
    assert accounts.session(token, now=now + timedelta(minutes=46)) is None  # and gone for good

    token = accounts.start_session(user, now=now)
    for minutes in range(10, 12 * 60, 10):
        assert accounts.session(token, now=now + timedelta(minutes=minutes)) is not None
    assert accounts.session(token, now=now + timedelta(hours=12, minutes=5)) is None  # lifetime over

    token = accounts.start_session(user)
    accounts.end_session(token)
    assert accounts.session(token) is None
    token = accounts.start_session(user)
    accounts.set_active("dave", False)
    assert accounts.session(token) is None
    assert accounts.sign_in("dave", PASSWORD).outcome == "inactive"


def test_the_audit_log_is_append_only_in_the_database(engine):
    log = AuditLog(engine)
    log.record("sign_in", actor="alice", client="127.0.0.1")
    log.record("view_transcript", actor="alice", target="conv-1")
    entries, total = log.entries()
    assert total == 2 and [e.action for e in entries] == ["view_transcript", "sign_in"]
    for statement in ("UPDATE console_audit SET actor = 'mallory'", "DELETE FROM console_audit"):
        with pytest.raises(DBAPIError):
            with engine.begin() as connection:
                connection.execute(text(statement))
    assert AuditLog(engine).entries()[1] == 2
    with pytest.raises(ValueError):
        log.record("made_up_action")


def test_review_state_and_forgetting_purged_conversations(engine):
    review = ReviewStore(engine)
    review.set_reviewed("conv-1", "alice")
    review.add_tag("conv-1", "Follow up", "alice")
    review.add_tag("conv-1", "follow-up", "bob")  # the same tag twice is one tag
    review.add_note("called back, all fine", "bob", conversation_id="conv-2", booking_reference="ABCD-123")
    review.add_note("note on a purged request", "bob", booking_reference="GONE-999")
    review.correct(conversation_id="conv-2", event_id=7, text="parking?", predicted_intent="faq",
                   intent="out_of_scope", faq_topic=None, username="alice")
    review.correct(conversation_id="conv-2", event_id=7, text="parking?", predicted_intent="faq",
                   intent="faq", faq_topic="appointment_wait_and_locations", username="bob")
    assert review.tags() == {"conv-1": ["follow-up"]}
    assert [c.label for c in review.corrections()] == ["faq/appointment_wait_and_locations"]
    assert set(review.reviewed()) == {"conv-1"}
    counts = review.forget_conversations_except({"conv-2"})
    assert counts == {"console_reviews": 1, "console_tags": 1, "console_corrections": 0, "console_notes": 0}
    assert review.forget_booking_notes_except({"ABCD-123"}) == 1
    assert [n.body for n in review.notes_for(conversation_id="conv-2")] == ["called back, all fine"]
    review.set_reviewed("conv-2", "alice", reviewed=False)
    assert review.reviewed() == {}
