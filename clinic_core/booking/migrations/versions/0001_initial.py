"""booking_requests and outbox

Revision ID: 0001_initial
Revises:
Create Date: 2026-11-20
"""
import sqlalchemy as sa
from alembic import op

revision = "0001_initial"
down_revision = None
branch_labels = None
depends_on = None

STATUSES = ("new", "contacted", "scheduled", "closed")
OUTBOX_STATUSES = ("pending", "delivered", "failed")


def _in(column, values):
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def upgrade() -> None:
    op.create_table(
        "booking_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(16), nullable=False),
        sa.Column("conversation_id", sa.String(255), nullable=False),
        sa.Column("idempotency_key", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("full_name", sa.String(200), nullable=False),
        sa.Column("phone_e164", sa.String(20), nullable=False),
        sa.Column("email", sa.String(320), nullable=True),
        sa.Column("location_id", sa.String(64), nullable=False),
        sa.Column("preferred_times_text", sa.Text(), nullable=False),
        sa.Column("preferred_times_hint", sa.JSON(), nullable=True),
        sa.Column("insurance", sa.String(200), nullable=True),
        sa.Column("consent_contact", sa.Boolean(create_constraint=False), nullable=False),
        sa.Column("consent_sms", sa.Boolean(create_constraint=False), nullable=False),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("quiz_snapshot", sa.JSON(), nullable=True),
        sa.Column("triage_snapshot", sa.JSON(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_booking_requests"),
        sa.UniqueConstraint("reference", name="uq_booking_requests_reference"),
        sa.UniqueConstraint("idempotency_key", name="uq_booking_requests_idempotency_key"),
        sa.CheckConstraint(_in("status", STATUSES), name="ck_booking_requests_status"),
        sa.CheckConstraint("consent_contact", name="ck_booking_requests_consent_contact"),
    )
    op.create_index("ix_booking_requests_conversation_id", "booking_requests", ["conversation_id"])
    op.create_index("ix_booking_requests_status", "booking_requests", ["status"])

    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("booking_request_id", sa.Integer(), nullable=False),
        sa.Column("idempotency_key", sa.String(64), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_error", sa.String(200), nullable=True),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_outbox"),
        sa.ForeignKeyConstraint(["booking_request_id"], ["booking_requests.id"], ondelete="CASCADE",
                                name="fk_outbox_booking_request_id_booking_requests"),
        sa.UniqueConstraint("idempotency_key", name="uq_outbox_idempotency_key"),
        sa.CheckConstraint(_in("status", OUTBOX_STATUSES), name="ck_outbox_status"),
        sa.CheckConstraint("attempts >= 0", name="ck_outbox_attempts"),
    )
    op.create_index("ix_outbox_booking_request_id", "outbox", ["booking_request_id"])
    op.create_index("ix_outbox_status_next_attempt_at", "outbox", ["status", "next_attempt_at"])


def downgrade() -> None:
    op.drop_index("ix_outbox_status_next_attempt_at", table_name="outbox")
    op.drop_index("ix_outbox_booking_request_id", table_name="outbox")
    op.drop_table("outbox")
    op.drop_index("ix_booking_requests_status", table_name="booking_requests")
    op.drop_index("ix_booking_requests_conversation_id", table_name="booking_requests")
    op.drop_table("booking_requests")
