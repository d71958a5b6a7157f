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
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Iterable, Iterator, List, Optional, Set, Tuple
from urllib.parse import quote

from sqlalchemy import (JSON, Column, Float, Integer, MetaData, String, Table, Text, and_, case, cast, create_engine,
                        func, inspect, or_, select)
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


def copy_sqlite_database(source: Path, target: Path) -> None:
    """A consistent copy of a SQLite database that may be open: through SQLite's backup API, not a
    file copy (the Rasa server keeps the tracker store in write-ahead-log mode, so recent turns live
    in the -wal file until a checkpoint and a copy of the main file alone would miss them)."""
    with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as reading, sqlite3.connect(target) as writing:
        reading.backup(writing)


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


# The fields of a patient message's JSON a summary reads (console.summaries.SummaryFolder), in order.
USER_FIELDS = (
    ("text",),
    ("input_channel",),
    ("parse_data", "intent", "name"),
    ("parse_data", "intent", "confidence"),
    ("parse_data", "response_selector", "faq", "response", "confidence"),
)


def _user_summary_event(row) -> Event:
    """A patient message rebuilt from the fields the database extracted (same shape as Rasa's)."""
    event_id, sender_id, type_name, timestamp, intent_name, action_name, _, fields = row
    text, channel, intent, confidence, faq_confidence = _json_values(fields)
    parse_data = {"intent": {"name": intent, "confidence": confidence}}
    if faq_confidence is not None:
        parse_data["response_selector"] = {"faq": {"response": {"confidence": faq_confidence}}}
    return Event(event_id, sender_id, type_name, float(timestamp or 0.0), intent_name, action_name,
                 {"text": text, "input_channel": channel, "parse_data": parse_data})


def _json_values(fields) -> List[Any]:
    """The values picked out by TrackerReader._json_fields (SQLite gives JSON text, psycopg2 a list)."""
    values = json.loads(fields) if isinstance(fields, str) else fields
    return list(values) if isinstance(values, list) else [None] * len(USER_FIELDS)


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

    def _engine_or_none(self) -> Optional[Engine]:
        if self._engine is None:
            self._engine = read_only_engine(self.url)
        return self._engine

    def _connect(self):
        engine = self._engine_or_none()
        return engine.connect() if engine is not None else None

    def _on_postgres(self) -> bool:
        engine = self._engine_or_none()
        return engine is not None and engine.dialect.name == "postgresql"

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
    def id_range(self) -> Tuple[int, int]:
        """The lowest and highest row id (cheap: the primary key); (0, 0) when empty."""
        # Two statements: SQLite answers a lone min() or max() from the key, both together by a scan.
        low = self._rows(select(func.min(events.c.id)))
        high = self._rows(select(func.max(events.c.id)))
        return (int(low[0][0]), int(high[0][0])) if low and low[0][0] is not None else (0, 0)

    def count(self, after_id: int = 0, up_to_id: Optional[int] = None) -> int:
        """Rows with ``after_id < id <= up_to_id`` (a scan of the whole key without bounds)."""
        query = select(func.count(events.c.id)).where(events.c.id > after_id)
        if up_to_id is not None:
            query = query.where(events.c.id <= up_to_id)
        rows = self._rows(query)
        return int(rows[0][0]) if rows else 0

    def summary_events(self, after_id: int, up_to_id: int) -> Iterator[Event]:
        """Every event a summary needs with ``after_id < id <= up_to_id``, in order, in batches.

        A patient message's JSON is large (intent ranking, FAQ candidates): the database picks
        out the few fields a summary reads, so Python parses only the small slot events."""
        wanted = or_(
            events.c.type_name == "user",
            and_(events.c.type_name == "slot", events.c.action_name.in_(SUMMARY_SLOTS)),
            and_(events.c.type_name == "action", events.c.action_name.in_(SUMMARY_ACTIONS)),
            and_(events.c.type_name == "active_loop", events.c.action_name.in_(SUMMARY_LOOPS)),
            and_(events.c.type_name == "bot", or_(*(
                events.c.data.like(f'%"utter_action": "{_like_escape(name)}"%', escape="\\")
                for name in UNCLEAR_RESPONSES))),
        )
        small = case((events.c.type_name.in_(("slot", "active_loop")), events.c.data), else_=None).label("data")
        columns = [events.c.id, events.c.sender_id, events.c.type_name, events.c.timestamp, events.c.intent_name,
                   events.c.action_name, small]
        fields = case((events.c.type_name == "user", self._json_fields(USER_FIELDS)), else_=None)
        cursor = after_id
        while cursor < up_to_id:
            rows = self._rows(select(*columns, fields)
                              .where(wanted, events.c.id > cursor, events.c.id <= up_to_id)
                              .order_by(events.c.id).limit(BATCH))
            if not rows:
                return
            for row in rows:
                yield _user_summary_event(row) if row[2] == "user" else _event(row)
            cursor = rows[-1][0]

    def _json_fields(self, paths: Iterable[Tuple[str, ...]]):
        """One column with the values at ``paths`` in ``data``, as a JSON array: the row's JSON is
        parsed once (SQLite's json_extract takes several paths)."""
        paths = list(paths)
        if self._on_postgres():
            document = cast(events.c.data, JSON)
            return func.json_build_array(*(func.json_extract_path(document, *path) for path in paths))
        dotted = ["$." + ".".join(path) for path in paths]
        if len(dotted) == 1:
            return func.json_array(func.json_extract(events.c.data, dotted[0]))
        return func.json_extract(events.c.data, *dotted)

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
        query = select(events.c.sender_id, self._json_fields([("text",)])).where(events.c.type_name == "user")
        run = _ascii_run(needle)
        if len(run) >= 2:
            pattern = f"%{_like_escape(run)}%"
            # SQLite's LIKE ignores ASCII case by itself; lower() on every row would cost a pass.
            query = query.where(events.c.data.ilike(pattern, escape="\\") if self._on_postgres()
                                else events.c.data.like(pattern, escape="\\"))
        if candidates is not None:
            wanted = list(candidates)
            if not wanted:
                return set()
            if len(wanted) <= 500:
                query = query.where(events.c.sender_id.in_(wanted))
        found: Set[str] = set()
        for sender_id, fields in self._rows(query):
            if sender_id not in found and needle in str(_json_values(fields)[0] or "").casefold():
                found.add(sender_id)
        return found
