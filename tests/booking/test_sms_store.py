"""The SMS channel's state (opt-outs, pending options and MORE text, inbound MessageSids) on a
real SQLite file and a real PostgreSQL database."""
from __future__ import annotations

import threading
from datetime import timedelta

from sqlalchemy import inspect

from clinic_core.booking import db
from clinic_core.booking.models import utcnow
from clinic_core.booking.sms_store import INBOUND_KEPT, Pending, SmsStore

CONVERSATION = "sms-" + "ab" * 20


def test_a_message_sid_is_taken_once_even_when_retries_race(store):
    sms = SmsStore(store)
    assert sms.claim("SM1") is True
    assert sms.claim("SM1") is False
    wins = []
    barrier = threading.Barrier(4)

    def claim():
        barrier.wait()
        wins.append(sms.claim("SM2"))

    threads = [threading.Thread(target=claim) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(wins) == [False, False, False, True]
    assert sms.handled_at("SM2") is None
    sms.mark_handled("SM2")
    assert sms.handled_at("SM2") is not None


def test_old_message_sids_are_forgotten(store):
    sms = SmsStore(store)
    long_ago = utcnow() - INBOUND_KEPT - timedelta(days=1)
    assert sms.claim("SM-old", now=long_ago)
    assert sms.claim("SM-new")  # pruning happens on the next claim
    assert sms.claim("SM-old") is True


def test_opt_out_and_back_in_are_recorded_once(store):
    sms = SmsStore(store)
    assert sms.is_opted_out(CONVERSATION) is False
    assert sms.set_opted_out(CONVERSATION, False, "keyword") is False  # nothing to undo
    assert sms.set_opted_out(CONVERSATION, True, "phrase") is True
    assert sms.set_opted_out(CONVERSATION, True, "keyword") is False  # one confirmation only
    assert sms.is_opted_out(CONVERSATION) is True
    assert sms.set_opted_out(CONVERSATION, False, "keyword") is True
    assert sms.is_opted_out(CONVERSATION) is False


def test_pending_options_and_more_text_round_trip(store):
    sms = SmsStore(store)
    assert sms.pending(CONVERSATION) == Pending(options=[], more_text="")
    pending = Pending(options=[("Yes", "/affirm"), ("Elkridge, Maryland", "elkridge-md")], more_text="Rest 😀.")
    sms.save_pending(CONVERSATION, pending)
    assert sms.pending(CONVERSATION) == pending
    sms.save_pending(CONVERSATION, Pending(options=[], more_text=""))
    assert sms.pending(CONVERSATION) == Pending(options=[], more_text="")


def test_the_tables_hold_no_phone_number_column(database_url):
    db.migrate(database_url)
    engine = db.make_engine(database_url)
    try:
        inspector = inspect(engine)
        for table in ("sms_consent", "sms_pending", "sms_inbound"):
            names = {c["name"] for c in inspector.get_columns(table)}
            assert not {n for n in names if "phone" in n or "number" in n}, table
    finally:
        engine.dispose()
