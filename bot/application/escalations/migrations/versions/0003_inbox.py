"""The durable inbox: every chat question, stored before it is acknowledged.

Revision ID: 0003_inbox
Revises: 0002_admin_users
Create Date: 2026-11-28
"""
from alembic import op
import sqlalchemy as sa

revision = "0003_inbox"
down_revision = "0002_admin_users"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "inbox",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("platform", sa.String(32), nullable=False),
        sa.Column("event_key", sa.String(255), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("lease_owner", sa.String(100), nullable=False, server_default=""),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("tenant", sa.String(200), nullable=False, server_default=""),
        sa.Column("channel", sa.String(200), nullable=False, server_default=""),
        sa.Column("asker_id", sa.String(200), nullable=False, server_default=""),
        sa.Column("asker_name", sa.String(200), nullable=False, server_default=""),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("length", sa.Integer, nullable=False, server_default="0"),
        sa.Column("reply_to", sa.JSON, nullable=False),
        sa.Column("question_id", sa.Integer, nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("platform", "event_key", name="uq_inbox_event"),
    )
    op.create_index("ix_inbox_status", "inbox", ["status", "received_at"])


def downgrade() -> None:
    op.drop_index("ix_inbox_status", table_name="inbox")
    op.drop_table("inbox")
