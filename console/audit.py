"""The audit log: who signed in, viewed a transcript, exported or changed something, and when.

Append-only: this module only inserts and reads, and the database refuses UPDATE and DELETE on
the table (triggers in migration c14_console_tables). Entries hold no patient text: targets are
conversation ids and reference codes, details are short descriptions written by the console.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import List, Optional, Tuple

from sqlalchemy import func, insert, select
from sqlalchemy.engine import Engine

from clinic_core.booking.console_tables import audit
from clinic_core.booking.models import utcnow

# Every action the console records, with what an admin reads for it.
ACTIONS = {
    "sign_in": "signed in",
    "sign_in_failed": "wrong password",
    "sign_in_refused": "sign-in refused (locked or inactive account)",
    "account_locked": "account locked after wrong passwords",
    "sign_out": "signed out",
    "view_transcript": "opened a transcript",
    "view_booking": "opened a booking request",
    "export_transcript": "exported a conversation",
    "export_list": "exported the conversation list (CSV)",
    "export_nlu": "exported intent corrections (NLU YAML)",
    "review": "marked reviewed / not reviewed",
    "tag": "tagged / untagged",
    "note": "added a note",
    "correct_intent": "corrected an intent",
    "booking_status": "changed a booking request's status",
    "booking_requeue": "sent a booking request to the clinic again",
    "admin_user": "changed a staff account",
    "retention_purge": "deleted data older than the retention period",
}


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime
    actor: Optional[str]
    action: str
    target: Optional[str]
    detail: Optional[str]
    client: Optional[str]

    @property
    def meaning(self) -> str:
        return ACTIONS.get(self.action, self.action)


class AuditLog:
    def __init__(self, engine: Engine):
        self.engine = engine

    def record(self, action: str, *, actor: Optional[str] = None, target: Optional[str] = None,
               detail: Optional[str] = None, client: Optional[str] = None) -> None:
        if action not in ACTIONS:
            raise ValueError(f"unknown audit action {action!r}")
        with self.engine.begin() as connection:
            connection.execute(insert(audit).values(
                at=utcnow(), actor=(actor or None) and actor[:64], action=action,
                target=(target or None) and target[:255], detail=(detail or None) and detail[:500],
                client=(client or None) and client[:64]))

    def entries(self, *, limit: int = 100, offset: int = 0, actor: Optional[str] = None,
                action: Optional[str] = None) -> Tuple[List[AuditEntry], int]:
        """The newest entries first, and how many match in all."""
        condition = []
        if actor:
            condition.append(audit.c.actor == actor)
        if action:
            condition.append(audit.c.action == action)
        with self.engine.connect() as connection:
            total = connection.execute(select(func.count(audit.c.id)).where(*condition)).scalar_one()
            rows = connection.execute(select(audit).where(*condition).order_by(audit.c.id.desc())
                                      .limit(limit).offset(offset))
            return [AuditEntry(r.id, r.at, r.actor, r.action, r.target, r.detail, r.client) for r in rows], total
