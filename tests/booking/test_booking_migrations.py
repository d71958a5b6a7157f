"""Alembic migrations on empty SQLite and PostgreSQL databases: up, down, and in step with the models."""
from __future__ import annotations

import os
import subprocess
import sys
import threading

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from clinic_core.booking import db
from clinic_core.booking.models import metadata

from .conftest import ROOT

TABLES = {"booking_requests", "outbox", "sms_consent", "sms_pending", "sms_inbound", db.VERSION_TABLE,
          "console_users", "console_sessions", "console_reviews", "console_tags", "console_notes",
          "console_corrections", "console_audit"}


def _tables(url):
    engine = db.make_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_upgrade_on_an_empty_database_then_downgrade_to_base(database_url):
    assert _tables(database_url) == set()
    assert db.migrate(database_url) == db.head_revision()
    assert _tables(database_url) == TABLES
    engine = db.make_engine(database_url)
    try:
        inspector = inspect(engine)
        columns = {c["name"] for c in inspector.get_columns("booking_requests")}
        assert {"reference", "idempotency_key", "status", "phone_e164", "quiz_snapshot", "triage_snapshot",
                "preferred_times_hint", "consent_contact", "consent_sms", "created_at", "updated_at"} <= columns
        assert {c["name"] for c in inspector.get_columns("outbox")} >= {
            "booking_request_id", "idempotency_key", "payload", "status", "attempts", "next_attempt_at",
            "last_error", "delivered_at"}
        assert inspector.get_foreign_keys("outbox")[0]["referred_table"] == "booking_requests"
    finally:
        engine.dispose()

    assert db.migrate(database_url) == db.head_revision()  # running it again changes nothing
    db.downgrade(database_url, "base")
    assert db.current_revision(database_url) is None
    assert _tables(database_url) <= {db.VERSION_TABLE}


def test_models_match_the_migrations(database_url):
    db.migrate(database_url)
    engine = db.make_engine(database_url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"version_table": db.VERSION_TABLE})
            diff = [d for d in compare_metadata(context, metadata)
                    if not (isinstance(d, tuple) and d[0] == "remove_table" and d[1].name == db.VERSION_TABLE)]
    finally:
        engine.dispose()
    assert diff == []


def test_the_alembic_command_line_works(database_url):
    alembic = [sys.executable, "-m", "alembic", "-c", str(ROOT / "clinic_core/booking/alembic.ini"),
               "-x", f"url={database_url}"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for args in (["upgrade", "head"], ["current"], ["downgrade", "base"]):
        proc = subprocess.run(alembic + args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, proc.stderr
    assert db.current_revision(database_url) is None
    assert _tables(database_url) <= {db.VERSION_TABLE}


def test_concurrent_migrations_are_safe(database_url):
    """Several threads (one process) and several processes migrating the same empty database at once."""
    errors = []
    barrier = threading.Barrier(3)

    def run():
        barrier.wait()
        try:
            db.migrate(database_url)
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert db.current_revision(database_url) == db.head_revision()


RACE = """
import sys, time
from clinic_core.booking.db import migrate
start, url = float(sys.argv[1]), sys.argv[2]
time.sleep(max(0.0, start - time.time()))
migrate(url)
"""


def test_concurrent_migrations_from_several_processes_on_postgresql(pg_database_url):
    """Processes that all start migrating at the same moment (the advisory lock serialises them)."""
    import time

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    start = str(time.time() + 4.0)  # after every process has imported SQLAlchemy and Alembic
    procs = [subprocess.Popen([sys.executable, "-c", RACE, start, pg_database_url], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(4)]
    results = [p.communicate(timeout=120) + (p.returncode,) for p in procs]
    assert [r[2] for r in results] == [0, 0, 0, 0], [r[1][-500:] for r in results]
    assert db.current_revision(pg_database_url) == db.head_revision()
