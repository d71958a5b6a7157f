"""Read-only access to Rasa's SQL tracker store (the ``events`` table), by SQLAlchemy Core.

The schema is Rasa 3.6's ``SQLTrackerStore`` (docs/../ecosystem.md 1.4): one row per event,
``data`` is the event's JSON, ``action_name`` holds the slot name for slot events, and rows are
ordered by ``id`` (timestamps are not unique). No Rasa import: the console does not load Rasa.

Read only is enforced by the driver, not by good intentions: SQLite files are opened with
``mode=ro`` and PostgreSQL sessions with ``default_transaction_read_only``. A tracker store
that does not exist yet (no conversation so far) reads as empty.
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Iterable, Iterator, List, Optional, Set
from urllib.parse import quote

from sqlalchemy import (Column, Float, Integer, MetaData, String, Table, Text, and_, case, create_engine, func,
                        inspect, or_, select)
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import OperationalError, ProgrammingError

log = logging.getLogger(__name__)

_metadata = MetaData()
events = Table(
    "events", _metadata,
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(255), nullable=False),
    Column("type_name", String(255), nullable=False),
    Column("timestamp", Float),
    Column("intent_name", String(255)),
    Column("action_name", String(255)),
    Column("data", Text),
)

# The events a conversation's summary is made of (see console.summaries).
SUMMARY_SLOTS = ("triage_level", "triage_reasons", "quiz_result", "booking_reference", "unanswered_question")
# The assistant did not understand: Rasa's two-stage fallback, or a response saying so.
SUMMARY_ACTIONS = ("action_default_ask_affirmation", "action_default_fallback")
UNCLEAR_RESPONSES = ("utter_ask_rephrase", "utter_default", "utter_quiz_answer_unclear")
SUMMARY_LOOPS = ("pain_quiz_form", "booking_form")
BATCH = 2000


@dataclass(frozen=True)
class Event:
    id: int
    sender_id: str
    type_name: str
    timestamp: float
    intent_name: Optional[str]
    action_name: Optional[str]
    data: Dict[str, Any]


@dataclass(frozen=True)
class TableStats:
    max_id: int
    count: int
    newer: int  # rows with an id above the cursor asked about


def read_only_engine(url: str) -> Optional[Engine]:
    """An engine that cannot write; None for a SQLite file that does not exist (yet)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = Path(parsed.database or "")
        if not parsed.database or parsed.database == ":memory:" or not path.is_file():
            return None
        ro_url = f"sqlite:///file:{quote(str(path.resolve()))}?mode=ro&uri=true"
        return create_engine(ro_url, future=True, hide_parameters=True,
                             connect_args={"timeout": 30, "check_same_thread": False})
    return create_engine(url, future=True, hide_parameters=True, pool_pre_ping=True,
                         connect_args={"options": "-c default_transaction_read_only=on"})


def _event(row) -> Event:
    try:
        data = json.loads(row.data) if row.data else {}
    except ValueError:
        data = {}
    return Event(row.id, row.sender_id, row.type_name, float(row.timestamp or 0.0), row.intent_name,
                 row.action_name, data if isinstance(data, dict) else {})


def _ascii_run(term: str) -> str:
    """The longest run of plain ASCII letters, digits and spaces in ``term``: Rasa stores event
    JSON with non-ASCII escaped (``\\u00e9``), so only ASCII can be matched inside ``data``."""
    runs, current = [], []
    for char in term.lower():
        if char.isascii() and (char.isalnum() or char == " "):
            current.append(char)
        else:
            runs.append("".join(current))
            current = []
    runs.append("".join(current))
    return max((r.strip() for r in runs), key=len, default="")


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class TrackerReader:
    def __init__(self, url: str):
        self.url = url
        self._engine: Optional[Engine] = None

    def _connect(self):
        if self._engine is None:
            self._engine = read_only_engine(self.url)
        return self._engine.connect() if self._engine is not None else None

    def _rows(self, query) -> List[Any]:
        connection = self._connect()
        if connection is None:
            return []
        try:
            with connection:
                return list(connection.execute(query))
        except (OperationalError, ProgrammingError) as exc:
            if "events" in str(exc.orig) and ("no such table" in str(exc.orig) or "does not exist" in str(exc.orig)):
                return []  # the Rasa server has not written anything yet
            raise

    def dispose(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    # ------------------------------------------------------------------------ the whole table
    def stats(self, cursor: int = 0) -> TableStats:
        newer = func.sum(case((events.c.id > cursor, 1), else_=0))
        rows = self._rows(select(func.max(events.c.id), func.count(events.c.id), newer))
        if not rows or rows[0][0] is None:
            return TableStats(0, 0, 0)
        max_id, count, newer_count = rows[0]
        return TableStats(int(max_id), int(count), int(newer_count or 0))

    def summary_events(self, after_id: int, up_to_id: int) -> Iterator[Event]:
        """Every event a summary needs with ``after_id < id <= up_to_id``, in order, in batches."""
        wanted = or_(
            events.c.type_name == "user",
            and_(events.c.type_name == "slot", events.c.action_name.in_(SUMMARY_SLOTS)),
            and_(events.c.type_name == "action", events.c.action_name.in_(SUMMARY_ACTIONS)),
            and_(events.c.type_name == "active_loop", events.c.action_name.in_(SUMMARY_LOOPS)),
            and_(events.c.type_name == "bot", or_(*(
                events.c.data.like(f'%"utter_action": "{_like_escape(name)}"%', escape="\\")
                for name in UNCLEAR_RESPONSES))),
        )
        cursor = after_id
        while cursor < up_to_id:
            rows = self._rows(select(events).where(wanted, events.c.id > cursor, events.c.id <= up_to_id)
                              .order_by(events.c.id).limit(BATCH))
            if not rows:
                return
            for row in rows:
                yield _event(row)
            cursor = rows[-1].id

    def has_events_table(self) -> bool:
        connection = self._connect()
        if connection is None:
            return False
        with connection:
            return inspect(connection).has_table("events")

    def sender_ids(self) -> Set[str]:
        return {row[0] for row in self._rows(select(events.c.sender_id).distinct())}

    # ------------------------------------------------------------------------ one conversation
    def conversation(self, sender_id: str) -> List[Event]:
        return [_event(row) for row in self._rows(
            select(events).where(events.c.sender_id == sender_id).order_by(events.c.id))]

    def user_event(self, sender_id: str, event_id: int) -> Optional[Event]:
        rows = self._rows(select(events).where(events.c.id == event_id, events.c.sender_id == sender_id,
                                               events.c.type_name == "user"))
        return _event(rows[0]) if rows else None

    def slot_events(self, slot: str, limit: int = 500) -> List[Event]:
        """The newest ``slot`` events with a value, across conversations (newest first)."""
        query = (select(events).where(events.c.type_name == "slot", events.c.action_name == slot)
                 .order_by(events.c.id.desc()).limit(limit))
        found = [_event(row) for row in self._rows(query)]
        return [e for e in found if e.data.get("value") not in (None, "", [])]

    # ------------------------------------------------------------------------ search
    def search(self, term: str, candidates: Optional[Iterable[str]] = None) -> Set[str]:
        """Conversations where the patient wrote ``term`` (case-insensitive, anywhere in a message).

        The database narrows the rows (a LIKE on the JSON), Python decides on the real text."""
        needle = term.casefold().strip()
        if not needle:
            return set()
        query = select(events.c.sender_id, events.c.data).where(events.c.type_name == "user")
        run = _ascii_run(needle)
        if len(run) >= 2:
            query = query.where(func.lower(events.c.data).like(f"%{_like_escape(run)}%", escape="\\"))
        if candidates is not None:
            wanted = list(candidates)
            if not wanted:
                return set()
            if len(wanted) <= 500:
                query = query.where(events.c.sender_id.in_(wanted))
        found: Set[str] = set()
        for sender_id, raw in self._rows(query):
            if sender_id in found:
                continue
            try:
                text = json.loads(raw).get("text") or ""
            except (ValueError, AttributeError):
                continue
            if needle in text.casefold():
                found.add(sender_id)
        return found
