"""The local data files `make clean` may delete, and the explicit `make wipe-data`.

    python3 scripts/clean_data.py          # make clean: never deletes undelivered requests
    python3 scripts/clean_data.py --wipe   # make wipe-data: deletes everything in var/ after a typed confirmation

`make clean` deletes var/conversations.db always, and var/bookings.db only when every request in
it reached the clinic (outbox 'delivered') and the spool (requests the database could not take)
is empty; otherwise it keeps them and says why. Standard library only: it runs before any
install, with any python3.
"""
from __future__ import annotations

import argparse
import shutil
import sqlite3
import sys
from pathlib import Path

VAR = Path(__file__).resolve().parent.parent / "var"
CONFIRMATION = "delete"


def undelivered(bookings: Path) -> int:
    """Requests in the SQLite booking file that did not reach the clinic (-1: unreadable)."""
    if not bookings.exists():
        return 0
    try:
        connection = sqlite3.connect(f"file:{bookings}?mode=ro", uri=True)
        try:
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if "booking_requests" not in tables:
                return 0
            return connection.execute(
                "SELECT COUNT(*) FROM booking_requests r WHERE NOT EXISTS "
                "(SELECT 1 FROM outbox o WHERE o.booking_request_id = r.id AND o.status = 'delivered')").fetchone()[0]
        finally:
            connection.close()
    except sqlite3.Error:
        return -1


def remove(path: Path) -> None:
    for candidate in (path, *path.parent.glob(path.name + "-*")):  # SQLite journals: -journal, -wal, -shm
        if candidate.is_dir():
            shutil.rmtree(candidate)
        elif candidate.exists():
            candidate.unlink()


def clean(var: Path = VAR) -> int:
    remove(var / "conversations.db")
    remove(var / "run")
    waiting = undelivered(var / "bookings.db")
    kept = [p for p in (var / "spool").glob("*") if p.is_file()] if (var / "spool").is_dir() else []
    if waiting or kept:
        reason = "cannot be read" if waiting < 0 else f"holds {max(waiting, 0)} request(s) not delivered to the clinic"
        print(f"Kept var/bookings.db and var/spool/: the database {reason}"
              f"{f' and {len(kept)} request(s) wait in the spool' if kept else ''}. "
              "Deliver or export them first; `make wipe-data` deletes them anyway.", file=sys.stderr)
        return 0
    remove(var / "bookings.db")
    return 0


def wipe(var: Path = VAR) -> int:
    waiting = undelivered(var / "bookings.db")
    print(f"This deletes every conversation and booking request in {var}, "
          f"including {waiting if waiting >= 0 else 'an unknown number of'} request(s) not delivered to the clinic.")
    try:
        answer = input(f"Type '{CONFIRMATION}' to go on: ").strip()
    except EOFError:  # no one to answer (CI, a pipe): never delete
        answer = ""
    if answer != CONFIRMATION:
        print("Nothing deleted.")
        return 1
    if var.exists():
        shutil.rmtree(var)
    print("Deleted.")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--wipe", action="store_true")
    args = parser.parse_args(argv)
    return wipe() if args.wipe else clean()


if __name__ == "__main__":
    sys.exit(main())
