"""`make clean` never deletes requests that did not reach the clinic; `make wipe-data` asks first."""
from __future__ import annotations

import subprocess
import sys

from clinic_core.booking.store import BookingStore
from scripts.servers import ROOT
from tests.booking.conftest import PATIENT


def make_var(tmp_path, delivered: bool):
    var = tmp_path / "var"
    var.mkdir()
    (var / "conversations.db").write_text("")
    store = BookingStore(f"sqlite:///{var / 'bookings.db'}")
    request = store.create_request(conversation_id="c", submission_id="s", **PATIENT)
    if delivered:
        store.record_attempt(store.outbox_for(request.reference), status="delivered", attempts=1)
    store.dispose()
    return var


def run(var, *args, stdin=""):
    code = ("import sys; from pathlib import Path; import scripts.clean_data as c; "
            f"sys.exit(c.wipe(Path({str(var)!r})) if {bool(args)} else c.clean(Path({str(var)!r})))")
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, input=stdin, capture_output=True, text=True)


def test_clean_keeps_undelivered_requests_and_deletes_delivered_ones(tmp_path):
    var = make_var(tmp_path, delivered=False)
    done = run(var)
    assert done.returncode == 0 and "not delivered" in done.stderr
    assert (var / "bookings.db").exists() and not (var / "conversations.db").exists()

    other = make_var(tmp_path / "other", delivered=True) if (tmp_path / "other").mkdir() is None else None
    assert run(other).returncode == 0 and not (other / "bookings.db").exists()


def test_wipe_needs_the_typed_confirmation(tmp_path):
    var = make_var(tmp_path, delivered=False)
    assert run(var, "--wipe", stdin="yes\n").returncode == 1 and (var / "bookings.db").exists()
    assert run(var, "--wipe").returncode == 1 and (var / "bookings.db").exists()  # nobody to answer
    assert run(var, "--wipe", stdin="delete\n").returncode == 0 and not var.exists()
