"""The staff console's own tables, in the clinic's database next to the booking requests.

They share the booking tables' metadata and Alembic history (migration ``c14_console_tables``),
so one ``migrate`` brings the whole clinic database up to date. The console reads Rasa's tracker
store read-only; everything staff add (accounts, sessions, review state, tags, notes, intent
corrections, the audit log) lives here. Review rows hold patient text (notes, corrected messages):
they are deleted with their conversation by the retention purge. The audit log is append-only
(database triggers refuse UPDATE and DELETE) and holds no patient text.
"""
from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from clinic_core.booking.models import UTCDateTime, metadata

ROLES = ("staff", "admin")

users = Table(
    "console_users", metadata,
    Column("id", Integer, primary_key=True),
    Column("username", String(64), nullable=False, unique=True),
    Column("password_hash", String(255), nullable=False),
    Column("role", String(16), nullable=False),
    Column("active", Boolean(create_constraint=False), nullable=False),
    Column("failed_attempts", Integer, nullable=False),
    Column("locked_until", UTCDateTime(), nullable=True),
    Column("last_sign_in_at", UTCDateTime(), nullable=True),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
    CheckConstraint("role IN ('staff', 'admin')", name="role"),
)

# Server-side sessions: the cookie holds a random token, the table only its SHA-256, so a copy
# of the database cannot be replayed as a cookie. Signing out deletes the row.
sessions = Table(
    "console_sessions", metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("user_id", Integer, ForeignKey("console_users.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("csrf_token", String(64), nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("last_seen_at", UTCDateTime(), nullable=False),
)

reviews = Table(
    "console_reviews", metadata,
    Column("conversation_id", String(255), primary_key=True),
    Column("reviewed_by", String(64), nullable=False),
    Column("reviewed_at", UTCDateTime(), nullable=False),
)

tags = Table(
    "console_tags", metadata,
    Column("id", Integer, primary_key=True),
    Column("conversation_id", String(255), nullable=False, index=True),
    Column("tag", String(40), nullable=False),
    Column("created_by", String(64), nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    UniqueConstraint("conversation_id", "tag", name="uq_console_tags_conversation_id_tag"),
)

# A note is about a conversation, a booking request, or both (a request's notes also show on
# its conversation).
notes = Table(
    "console_notes", metadata,
    Column("id", Integer, primary_key=True),
    Column("conversation_id", String(255), nullable=True, index=True),
    Column("booking_reference", String(16), nullable=True, index=True),
    Column("body", Text, nullable=False),
    Column("author", String(64), nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
)

# One correction per message (``event_id`` is the row id in Rasa's events table); correcting
# again replaces it. ``text`` is a copy of the message, for the NLU export.
corrections = Table(
    "console_corrections", metadata,
    Column("id", Integer, primary_key=True),
    Column("conversation_id", String(255), nullable=False, index=True),
    Column("event_id", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("predicted_intent", String(255), nullable=True),
    Column("intent", String(255), nullable=False),
    Column("faq_topic", String(255), nullable=True),
    Column("corrected_by", String(64), nullable=False),
    Column("corrected_at", UTCDateTime(), nullable=False),
    UniqueConstraint("conversation_id", "event_id", name="uq_console_corrections_conversation_id_event_id"),
)

audit = Table(
    "console_audit", metadata,
    Column("id", Integer, primary_key=True),
    Column("at", UTCDateTime(), nullable=False),
    Column("actor", String(64), nullable=True),
    Column("action", String(40), nullable=False),
    Column("target", String(255), nullable=True),
    Column("detail", String(500), nullable=True),
    Column("client", String(64), nullable=True),
    Index("ix_console_audit_at", "at"),
)
