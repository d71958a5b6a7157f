"""Fixtures for the booking back end: every store/outbox test runs on a real SQLite file and on a
real PostgreSQL server (started by scripts/services.sh when $TEST_POSTGRES_URL is not set).

Without PostgreSQL the PostgreSQL half is skipped with the reason shown, except under CI
($CI set), where it fails instead."""
from __future__ import annotations

import http.server
import json
import os
import subprocess
import threading
import uuid
from pathlib import Path
from typing import Any, Dict, List

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from clinic_core.booking.store import BookingStore

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ROOT / "scripts" / "services.sh"

# Synthetic patient (the 410-230 exchange validates with phonenumbers; nobody real).
PATIENT = dict(
    full_name="Jane Testperson",
    phone_e164="+14102300143",
    email="jane.testperson@example.com",
    location_id="elkridge-md",
    preferred_times_text="Tuesdays after 3pm, not Fridays",
    insurance="Acme Health PPO",
    consent_contact=True,
    consent_sms=True,
    channel="rest",
    quiz_snapshot={"route": "specialist", "probability": 0.42, "band": "moderate",
                   "drivers": ["pain worse after sitting", "morning stiffness"], "answers": {"x": True}},
    triage_snapshot=None,
)
PATIENT_DATA = ["Jane", "Testperson", "+14102300143", "2300143", "jane.testperson", "example.com",
                "Tuesdays after 3pm", "Acme Health"]


def _unavailable(reason: str):
    message = f"PostgreSQL unavailable: {reason.strip()[-2000:]}"
    if os.environ.get("CI"):
        pytest.fail(message + " (CI is set, so this fails instead of skipping)", pytrace=False)
    pytest.skip(message)


def _pg_dir() -> Path:
    return Path(os.environ.get("TEST_PG_DIR") or "/tmp/clinic-booking-pg")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@pytest.fixture(scope="session")
def postgres():
    """URL of a database on a real PostgreSQL server (the admin connection for per-test databases).

    $TEST_POSTGRES_URL wins (its role needs CREATEDB). Otherwise scripts/services.sh starts (or
    reuses) a throwaway server; a server this session started is stopped at the end unless another
    test session is still using it or $TEST_PG_KEEP is set."""
    url = os.environ.get("TEST_POSTGRES_URL")
    started_here = False
    marker = None
    if not url:
        was_running = subprocess.run(["bash", str(SERVICES), "status"], capture_output=True).returncode == 0
        try:
            proc = subprocess.run(["bash", str(SERVICES), "start"], capture_output=True, text=True, timeout=900)
        except (OSError, subprocess.TimeoutExpired) as exc:
            _unavailable(f"scripts/services.sh could not run: {exc!r}")
        if proc.returncode != 0:
            _unavailable(f"scripts/services.sh failed:\n{proc.stderr}")
        lines = [l for l in proc.stdout.splitlines() if l.startswith("TEST_POSTGRES_URL=")]
        if not lines:
            _unavailable(f"scripts/services.sh printed no URL:\n{proc.stderr}")
        url = lines[-1].split("=", 1)[1]
        started_here = not was_running
        users = _pg_dir() / "users"
        try:
            users.mkdir(exist_ok=True)
            marker = users / str(os.getpid())
            marker.touch()
        except OSError:
            marker = None
            started_here = False  # cannot tell who else uses it: leave it running
    engine = create_engine(url, future=True)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as exc:  # noqa: BLE001
        _unavailable(f"cannot connect: {type(exc).__name__}: {exc}")
    finally:
        engine.dispose()
    yield url
    if marker is not None:
        marker.unlink(missing_ok=True)
        others = [p for p in marker.parent.iterdir() if p.name.isdigit() and _alive(int(p.name))]
        if started_here and not others and not os.environ.get("TEST_PG_KEEP"):
            subprocess.run(["bash", str(SERVICES), "stop"], capture_output=True)


@pytest.fixture
def pg_database_url(postgres):
    """A fresh, empty database for one test, dropped afterwards."""
    name = f"booking_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(postgres, future=True, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(postgres).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request, tmp_path):
    """An empty database: a real SQLite file, then a real PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'bookings.db'}"
    return request.getfixturevalue("pg_database_url")


@pytest.fixture
def store(database_url):
    booking_store = BookingStore(database_url)
    yield booking_store
    booking_store.dispose()


@pytest.fixture
def make_request(store):
    counter = iter(range(1, 10_000))

    def make(**overrides):
        fields: Dict[str, Any] = dict(PATIENT)
        fields.update(conversation_id="conv-test", submission_id=f"sub-{next(counter)}")
        fields.update(overrides)
        return store.create_request(**fields)

    return make


class FakeWebhook:
    """A real HTTP server on 127.0.0.1 that answers with scripted status codes."""

    def __init__(self, port: int = 0):
        self.responses: List[int] = []  # consumed in order; then 200
        self.headers: Dict[int, Dict[str, str]] = {}
        self.received: List[Dict[str, Any]] = []
        self.lock = threading.Lock()
        fake = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with fake.lock:
                    status = fake.responses.pop(0) if fake.responses else 200
                    fake.received.append({"path": self.path, "headers": dict(self.headers),
                                          "body": json.loads(body), "status": status})
                self.send_response(status)
                for name, value in fake.headers.get(status, {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, *args):  # keep test output quiet
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/appointments"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def webhook():
    server = FakeWebhook()
    yield server
    server.close()
