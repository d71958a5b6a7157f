"""Data folders 0700, files 0600, and a umask that keeps new files private."""
from __future__ import annotations

import os
import sqlite3
import stat

from clinic_core.private_storage import secure_process


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_existing_files_are_tightened_and_new_sqlite_files_are_private(tmp_path):
    data = tmp_path / "var"
    (data / "spool").mkdir(parents=True)
    old = data / "conversations.db"
    old.write_text("x")
    os.chmod(old, 0o644)
    os.chmod(data, 0o755)
    previous = os.umask(0o022)
    try:
        secure_process(data)
        sqlite3.connect(data / "bookings.db").execute("create table t (x)").connection.commit()
    finally:
        os.umask(previous)
    assert mode(data) == 0o700 and mode(data / "spool") == 0o700
    assert mode(old) == 0o600
    assert mode(data / "bookings.db") == 0o600
