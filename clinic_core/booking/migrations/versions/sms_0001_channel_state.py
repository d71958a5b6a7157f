"""SMS channel: consent (opt-outs), pending options / MORE text, inbound MessageSids

Revision ID: sms_0001_channel_state
Revises: 0001_initial
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = "sms_0001_channel_state"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sms_consent",
        sa.Column("conversation_id", sa.String(64), nullable=False),
        sa.Column("opted_out", sa.Boolean(create_constraint=False), nullable=False),
        sa.Column("via", sa.String(16), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("conversation_id", name="pk_sms_consent"),
        sa.CheckConstraint("via IN ('keyword', 'phrase', 'carrier')", name="ck_sms_consent_via"),
    )
    op.create_table(
        "sms_pending",
        sa.Column("conversation_id", sa.String(64), nullable=False),
        sa.Column("options", sa.JSON(), nullable=True),
        sa.Column("more_text", sa.Text(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("conversation_id", name="pk_sms_pending"),
    )
    op.create_table(
        "sms_inbound",
        sa.Column("message_sid", sa.String(64), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("handled_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("message_sid", name="pk_sms_inbound"),
    )
    op.create_index("ix_sms_inbound_received_at", "sms_inbound", ["received_at"])


def downgrade() -> None:
    op.drop_index("ix_sms_inbound_received_at", table_name="sms_inbound")
    op.drop_table("sms_inbound")
    op.drop_table("sms_pending")
    op.drop_table("sms_consent")
