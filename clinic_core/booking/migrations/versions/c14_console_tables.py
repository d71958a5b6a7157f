"""staff console: accounts, sessions, review state, tags, notes, intent corrections, audit log

Revision ID: c14_console_tables
Revises: sms_0001_channel_state
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = "c14_console_tables"
down_revision = "sms_0001_channel_state"
branch_labels = None
depends_on = None

# The audit log is append-only: the database itself refuses to change or delete a row.
APPEND_ONLY_MESSAGE = "console_audit is append-only"
SQLITE_TRIGGERS = [
    f"CREATE TRIGGER console_audit_no_{verb.lower()} BEFORE {verb} ON console_audit "
    f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY_MESSAGE}'); END"
    for verb in ("UPDATE", "DELETE")
]
POSTGRES_TRIGGER = [
    "CREATE FUNCTION console_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS "
    f"$$ BEGIN RAISE EXCEPTION '{APPEND_ONLY_MESSAGE}'; END $$",
    "CREATE TRIGGER console_audit_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON console_audit "
    "FOR EACH STATEMENT EXECUTE FUNCTION console_audit_append_only()",
]


def _dt(name, nullable=False):
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "console_users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("active", sa.Boolean(create_constraint=False), nullable=False),
        sa.Column("failed_attempts", sa.Integer(), nullable=False),
        _dt("locked_until", nullable=True),
        _dt("last_sign_in_at", nullable=True),
        _dt("created_at"),
        _dt("updated_at"),
        sa.PrimaryKeyConstraint("id", name="pk_console_users"),
        sa.UniqueConstraint("username", name="uq_console_users_username"),
        sa.CheckConstraint("role IN ('staff', 'admin')", name="ck_console_users_role"),
    )
    op.create_table(
        "console_sessions",
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("csrf_token", sa.String(64), nullable=False),
        _dt("created_at"),
        _dt("last_seen_at"),
        sa.PrimaryKeyConstraint("token_hash", name="pk_console_sessions"),
        sa.ForeignKeyConstraint(["user_id"], ["console_users.id"], ondelete="CASCADE",
                                name="fk_console_sessions_user_id_console_users"),
    )
    op.create_index("ix_console_sessions_user_id", "console_sessions", ["user_id"])
    op.create_table(
        "console_reviews",
        sa.Column("conversation_id", sa.String(255), nullable=False),
        sa.Column("reviewed_by", sa.String(64), nullable=False),
        _dt("reviewed_at"),
        sa.PrimaryKeyConstraint("conversation_id", name="pk_console_reviews"),
    )
    op.create_table(
        "console_tags",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.String(255), nullable=False),
        sa.Column("tag", sa.String(40), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        _dt("created_at"),
        sa.PrimaryKeyConstraint("id", name="pk_console_tags"),
        sa.UniqueConstraint("conversation_id", "tag", name="uq_console_tags_conversation_id_tag"),
    )
    op.create_index("ix_console_tags_conversation_id", "console_tags", ["conversation_id"])
    op.create_table(
        "console_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.String(255), nullable=True),
        sa.Column("booking_reference", sa.String(16), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("author", sa.String(64), nullable=False),
        _dt("created_at"),
        sa.PrimaryKeyConstraint("id", name="pk_console_notes"),
    )
    op.create_index("ix_console_notes_conversation_id", "console_notes", ["conversation_id"])
    op.create_index("ix_console_notes_booking_reference", "console_notes", ["booking_reference"])
    op.create_table(
        "console_corrections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.String(255), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("predicted_intent", sa.String(255), nullable=True),
        sa.Column("intent", sa.String(255), nullable=False),
        sa.Column("faq_topic", sa.String(255), nullable=True),
        sa.Column("corrected_by", sa.String(64), nullable=False),
        _dt("corrected_at"),
        sa.PrimaryKeyConstraint("id", name="pk_console_corrections"),
        sa.UniqueConstraint("conversation_id", "event_id",
                            name="uq_console_corrections_conversation_id_event_id"),
    )
    op.create_index("ix_console_corrections_conversation_id", "console_corrections", ["conversation_id"])
    op.create_table(
        "console_audit",
        sa.Column("id", sa.Integer(), nullable=False),
        _dt("at"),
        sa.Column("actor", sa.String(64), nullable=True),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("target", sa.String(255), nullable=True),
        sa.Column("detail", sa.String(500), nullable=True),
        sa.Column("client", sa.String(64), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_console_audit"),
    )
    op.create_index("ix_console_audit_at", "console_audit", ["at"])
    dialect = op.get_bind().dialect.name
    for statement in SQLITE_TRIGGERS if dialect == "sqlite" else POSTGRES_TRIGGER if dialect == "postgresql" else []:
        op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS console_audit_append_only ON console_audit")
        op.execute("DROP FUNCTION IF EXISTS console_audit_append_only()")
    for table in ("console_audit", "console_corrections", "console_notes", "console_tags", "console_reviews",
                  "console_sessions", "console_users"):
        op.drop_table(table)  # SQLite drops a table's triggers and indexes with it

