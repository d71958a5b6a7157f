"""The staff CLI on SQLite and PostgreSQL: list, export, set-status, dispatch, requeue, migrate."""
from __future__ import annotations

import csv
import os
import stat
import subprocess
import sys

import pytest

from clinic_core.booking import cli, db
from clinic_core.booking.models import BookingRequest

from .conftest import PATIENT, ROOT


def run(database_url, *args):
    return cli.main(["--database-url", database_url, *args])


def test_list_hides_contact_details_unless_asked(database_url, make_request, capsys):
    first = make_request()
    second = make_request(email=None)
    assert run(database_url, "list") == 0
    out = capsys.readouterr().out
    assert first.reference in out and second.reference in out and "Jane Testperson" in out
    assert "specialist 42%" in out and "pending (0)" in out
    assert PATIENT["phone_e164"] not in out and PATIENT["email"] not in out

    assert run(database_url, "list", "--show-contact") == 0
    out = capsys.readouterr().out
    assert PATIENT["phone_e164"] in out and PATIENT["email"] in out


def test_list_filters_by_status(database_url, store, make_request, capsys):
    first = make_request()
    second = make_request()
    store.set_status(second.reference, "contacted")
    run(database_url, "list", "--status", "new")
    out = capsys.readouterr().out
    assert first.reference in out and second.reference not in out
    run(database_url, "list", "--status", "closed")
    assert "No requests with status closed" in capsys.readouterr().out


def test_export_writes_every_field_of_every_row(database_url, make_request, tmp_path, capsys):
    rows = [make_request(), make_request(full_name="=HYPERLINK Testperson", insurance="-Acme")]
    out = tmp_path / "requests.csv"
    assert run(database_url, "export", "--out", str(out)) == 0
    assert "Exported 2 request(s)" in capsys.readouterr().out
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    with out.open(newline="", encoding="utf-8") as handle:
        exported = list(csv.DictReader(handle))
    assert [r["reference"] for r in exported] == [r.reference for r in rows]
    assert set(BookingRequest.EXPORT_FIELDS) <= set(exported[0])
    first = exported[0]
    assert first["full_name"] == PATIENT["full_name"] and first["phone_e164"] == PATIENT["phone_e164"]
    assert first["email"] == PATIENT["email"] and first["preferred_times_text"] == PATIENT["preferred_times_text"]
    assert first["consent_contact"] == "true" and first["status"] == "new" and first["delivery_status"] == "pending"
    assert '"route": "specialist"' in first["quiz_snapshot"]
    assert exported[1]["full_name"].startswith("'=") and exported[1]["insurance"] == "'-Acme"  # no formulas


def test_set_status_command(database_url, make_request, capsys):
    reference = make_request().reference
    assert run(database_url, "set-status", reference, "scheduled") == 1
    assert "not allowed" in capsys.readouterr().err
    assert run(database_url, "set-status", reference.lower(), "contacted") == 0
    assert f"{reference}: contacted" in capsys.readouterr().out
    assert run(database_url, "set-status", "ZZZZ-ZZZ", "contacted") == 1


def test_dispatch_and_requeue_commands(database_url, make_request, webhook, monkeypatch, capsys):
    reference = make_request().reference
    monkeypatch.delenv("BOOKING_WEBHOOK_URL", raising=False)
    assert run(database_url, "dispatch") == 0
    assert "local mode" in capsys.readouterr().out and webhook.received == []

    monkeypatch.setenv("BOOKING_WEBHOOK_URL", webhook.url)
    monkeypatch.setenv("BOOKING_WEBHOOK_MAX_ATTEMPTS", "1")
    webhook.responses = [500]
    assert run(database_url, "dispatch") == 0
    assert "failed 1" in capsys.readouterr().out
    run(database_url, "list")
    assert "failed (1)" in capsys.readouterr().out  # staff see the delivery status
    assert run(database_url, "requeue", reference) == 0
    assert run(database_url, "dispatch") == 0
    assert "delivered 1" in capsys.readouterr().out
    assert run(database_url, "requeue", reference) == 1  # already delivered


def test_migrate_command(database_url, capsys):
    assert run(database_url, "migrate") == 0
    out = capsys.readouterr().out
    assert f"at revision {db.head_revision()}" in out


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_module_entry_point_in_a_subprocess(database_url, make_request):
    reference = make_request().reference
    env = {**os.environ, "BOOKING_DATABASE_URL": database_url, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-m", "clinic_core.booking.cli", "list", "--status", "new"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert reference in proc.stdout and PATIENT["phone_e164"] not in proc.stdout + proc.stderr
