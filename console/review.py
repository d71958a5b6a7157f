"""What staff add to conversations: reviewed marks, tags, notes and intent corrections."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Dict, Iterable, List, Optional, Set

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from clinic_core.booking.console_tables import corrections, notes, reviews, tags
from clinic_core.booking.models import utcnow

MAX_NOTE = 4000
_TAG_CHARS = re.compile(r"[^a-z0-9_-]+")


class ReviewError(ValueError):
    pass


@dataclass(frozen=True)
class Review:
    reviewed_by: str
    reviewed_at: datetime


@dataclass(frozen=True)
class Note:
    id: int
    conversation_id: Optional[str]
    booking_reference: Optional[str]
    body: str
    author: str
    created_at: datetime


@dataclass(frozen=True)
class Correction:
    conversation_id: str
    event_id: int
    text: str
    predicted_intent: Optional[str]
    intent: str
    faq_topic: Optional[str]
    corrected_by: str
    corrected_at: datetime

    @property
    def label(self) -> str:
        """The intent as Rasa's NLU data names it (``faq/<topic>`` for the retrieval intent)."""
        return f"{self.intent}/{self.faq_topic}" if self.faq_topic else self.intent


def normalise_tag(tag: str) -> str:
    """Lower case, words joined by '-', letters, digits, '-' and '_' only, at most 40 characters."""
    cleaned = _TAG_CHARS.sub("-", (tag or "").strip().lower()).strip("-")
    if not cleaned:
        raise ReviewError("a tag needs at least one letter or digit")
    return cleaned[:40]


def _chunks(values: List[str], size: int = 500) -> Iterable[List[str]]:
    for start in range(0, len(values), size):
        yield values[start:start + size]


class ReviewStore:
    def __init__(self, engine: Engine):
        self.engine = engine

    # ------------------------------------------------------------------------ reviewed
    def reviewed(self) -> Dict[str, Review]:
        with self.engine.connect() as connection:
            return {r.conversation_id: Review(r.reviewed_by, r.reviewed_at) for r in connection.execute(select(reviews))}

    def review_of(self, conversation_id: str) -> Optional[Review]:
        with self.engine.connect() as connection:
            row = connection.execute(select(reviews).where(reviews.c.conversation_id == conversation_id)).first()
        return Review(row.reviewed_by, row.reviewed_at) if row else None

    def set_reviewed(self, conversation_id: str, username: str, reviewed: bool = True) -> None:
        with self.engine.begin() as connection:
            connection.execute(delete(reviews).where(reviews.c.conversation_id == conversation_id))
            if reviewed:
                connection.execute(insert(reviews).values(conversation_id=conversation_id, reviewed_by=username,
                                                          reviewed_at=utcnow()))

    # ------------------------------------------------------------------------ tags
    def tags(self) -> Dict[str, List[str]]:
        found: Dict[str, List[str]] = {}
        with self.engine.connect() as connection:
            for row in connection.execute(select(tags.c.conversation_id, tags.c.tag).order_by(tags.c.tag)):
                found.setdefault(row.conversation_id, []).append(row.tag)
        return found

    def tags_of(self, conversation_id: str) -> List[str]:
        with self.engine.connect() as connection:
            return list(connection.execute(select(tags.c.tag).where(tags.c.conversation_id == conversation_id)
                                           .order_by(tags.c.tag)).scalars())

    def add_tag(self, conversation_id: str, tag: str, username: str) -> str:
        tag = normalise_tag(tag)
        try:
            with self.engine.begin() as connection:
                connection.execute(insert(tags).values(conversation_id=conversation_id, tag=tag, created_by=username,
                                                       created_at=utcnow()))
        except IntegrityError:
            pass  # already tagged
        return tag

    def remove_tag(self, conversation_id: str, tag: str) -> None:
        with self.engine.begin() as connection:
            connection.execute(delete(tags).where(tags.c.conversation_id == conversation_id, tags.c.tag == tag))

    # ------------------------------------------------------------------------ notes
    def add_note(self, body: str, author: str, *, conversation_id: Optional[str] = None,
                 booking_reference: Optional[str] = None) -> None:
        body = (body or "").strip()
        if not body:
            raise ReviewError("the note is empty")
        if len(body) > MAX_NOTE:
            raise ReviewError(f"a note is at most {MAX_NOTE} characters")
        if not (conversation_id or booking_reference):
            raise ReviewError("a note belongs to a conversation or a booking request")
        with self.engine.begin() as connection:
            connection.execute(insert(notes).values(conversation_id=conversation_id, booking_reference=booking_reference,
                                                    body=body, author=author, created_at=utcnow()))

    def notes_for(self, *, conversation_id: Optional[str] = None, references: Iterable[str] = ()) -> List[Note]:
        """Notes on the conversation and on any of its booking requests, oldest first."""
        refs = list(references)
        condition = notes.c.conversation_id == conversation_id
        if refs:
            condition = condition | notes.c.booking_reference.in_(refs)
        with self.engine.connect() as connection:
            rows = connection.execute(select(notes).where(condition).order_by(notes.c.id))
            return [Note(r.id, r.conversation_id, r.booking_reference, r.body, r.author, r.created_at) for r in rows]

    def note_counts_by_reference(self) -> Dict[str, int]:
        with self.engine.connect() as connection:
            rows = connection.execute(select(notes.c.booking_reference, func.count(notes.c.id))
                                      .where(notes.c.booking_reference.is_not(None))
                                      .group_by(notes.c.booking_reference))
            return {ref: count for ref, count in rows}

    # ------------------------------------------------------------------------ corrections
    def correct(self, *, conversation_id: str, event_id: int, text: str, predicted_intent: Optional[str],
                intent: str, faq_topic: Optional[str], username: str) -> None:
        values = dict(text=text, predicted_intent=predicted_intent, intent=intent, faq_topic=faq_topic,
                      corrected_by=username, corrected_at=utcnow())
        key = (corrections.c.conversation_id == conversation_id) & (corrections.c.event_id == event_id)
        with self.engine.begin() as connection:
            if connection.execute(update(corrections).where(key).values(**values)).rowcount == 0:
                connection.execute(insert(corrections).values(conversation_id=conversation_id, event_id=event_id,
                                                              **values))

    def corrections(self, conversation_id: Optional[str] = None) -> List[Correction]:
        query = select(corrections).order_by(corrections.c.intent, corrections.c.faq_topic, corrections.c.id)
        if conversation_id is not None:
            query = query.where(corrections.c.conversation_id == conversation_id)
        with self.engine.connect() as connection:
            return [Correction(r.conversation_id, r.event_id, r.text, r.predicted_intent, r.intent, r.faq_topic,
                               r.corrected_by, r.corrected_at) for r in connection.execute(query)]

    # ------------------------------------------------------------------------ retention
    def forget_conversations_except(self, keep: Set[str]) -> Dict[str, int]:
        """Delete the review rows (they hold patient text) of conversations no longer in the
        tracker store, after a retention purge."""
        counts: Dict[str, int] = {}
        with self.engine.begin() as connection:
            for table in (reviews, tags, corrections, notes):
                column = table.c.conversation_id
                present = set(connection.execute(select(column).where(column.is_not(None)).distinct()).scalars())
                gone = sorted(present - keep)
                counts[table.name] = 0
                for chunk in _chunks(gone):
                    counts[table.name] += connection.execute(delete(table).where(column.in_(chunk))).rowcount
        return counts

    def forget_booking_notes_except(self, keep_references: Set[str]) -> int:
        """Delete notes on booking requests that were purged (and not tied to a kept conversation)."""
        deleted = 0
        with self.engine.begin() as connection:
            present = set(connection.execute(select(notes.c.booking_reference)
                                             .where(notes.c.booking_reference.is_not(None)).distinct()).scalars())
            for chunk in _chunks(sorted(present - keep_references)):
                deleted += connection.execute(delete(notes).where(notes.c.booking_reference.in_(chunk))).rowcount
        return deleted
