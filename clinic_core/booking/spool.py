"""Requests the booking database could not take (locked, gone, full): kept on disk for retry.

The action stores a confirmed request with ``service.submit_request``. When that fails, the
request's fields go to one private JSON file (0600, folder 0700) named by its idempotency key, so
the same submission kept twice is one file. The outbox worker calls ``replay`` on every pass: each
kept request is stored (idempotent, so a request that did reach the database is not stored again)
and its file removed. Nothing half-written: the store writes a request and its outbox row in one
transaction, and a file is only removed after that transaction committed.

$BOOKING_SPOOL_DIR, default var/spool. Only the process that wrote a file, or the worker on the
same machine, sees it: with several machines, give them a shared private folder.
"""
from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Any, Dict, List, Optional

from clinic_core.booking.store import idempotency_key_for
from clinic_core.private_storage import DATA_DIR, make_private_dir

log = logging.getLogger(__name__)
ENV_SPOOL_DIR = "BOOKING_SPOOL_DIR"


def spool_dir() -> Path:
    return Path(os.environ.get(ENV_SPOOL_DIR) or DATA_DIR / "spool")


def keep(fields: Dict[str, Any], folder: Optional[Path] = None) -> Path:
    """Write the keyword arguments of ``submit_request`` (JSON-safe) to the spool; return the file."""
    target_dir = make_private_dir(folder or spool_dir())
    key = idempotency_key_for(fields["conversation_id"], fields["submission_id"])
    target = target_dir / f"{key}.json"
    partial = target_dir / f".{key}.partial"
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump(fields, handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(partial, target)  # atomic: a reader sees the whole file or none
    log.warning("booking request kept for retry in the spool (%s)", key[:12])
    return target


def kept(folder: Optional[Path] = None) -> List[Path]:
    folder = folder or spool_dir()
    return sorted(folder.glob("bk1-*.json")) if folder.is_dir() else []


def replay(store, folder: Optional[Path] = None) -> int:
    """Store every kept request; return how many files were cleared. Stops at the first failure
    (the database is still away: the next pass tries again)."""
    from clinic_core.booking.service import submit_request
    from clinic_core.booking.store import InvalidRequest

    cleared = 0
    for path in kept(folder):
        fields = json.loads(path.read_text(encoding="utf-8"))
        try:
            reference = submit_request(store=store, **fields)
        except InvalidRequest as error:  # it will never fit (say, an office removed): staff look
            path.rename(path.with_suffix(".rejected"))
            log.error("kept booking request %s refused by the store: %s", path.stem[:12], error)
            continue
        except Exception as error:  # noqa: BLE001 - any failure: keep the file, try later
            log.warning("kept booking request not stored yet (%s): %s", path.stem[:12], type(error).__name__)
            break
        path.unlink()
        cleared += 1
        log.info("kept booking request stored as %s", reference)
    return cleared
