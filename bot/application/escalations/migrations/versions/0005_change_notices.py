"""Change notices: policy changes found by a re-ingest, the notices to askers, rulings needing review.

Revision ID: 0005_change_notices
Revises: 0004_admin_security
Create Date: 2026-12-05

"""
from alembic import op
import sqlalchemy as sa

revision = "0005_change_notices"
down_revision = "0004_admin_security"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("rulings") as batch:
        batch.add_column(sa.Column("needs_review", sa.Boolean, nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("review_change_id", sa.Integer, nullable=True))
    op.create_table(
        "policy_changes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("collection", sa.String(200), nullable=False),
        sa.Column("doc_id", sa.String(500), nullable=False),
        sa.Column("title", sa.Text, nullable=False, server_default=""),
        sa.Column("change_key", sa.String(64), nullable=False),
        sa.Column("detected_at", sa.DateTime(timezone=True), nullable=False, index=True),
        sa.Column("changes", sa.JSON, nullable=False),
        sa.Column("notices_queued", sa.Integer, nullable=False, server_default="0"),
        sa.UniqueConstraint("collection", "doc_id", "change_key", name="uq_policy_change"),
    )
    op.create_table(
        "change_notices",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("change_id", sa.Integer, sa.ForeignKey("policy_changes.id"), nullable=False),
        sa.Column("platform", sa.String(32), nullable=False),
        sa.Column("asker_id", sa.String(200), nullable=False),
        sa.Column("asker_name", sa.String(200), nullable=False, server_default=""),
        sa.Column("reply_to", sa.JSON, nullable=False),
        sa.Column("items", sa.JSON, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("lease_owner", sa.String(100), nullable=False, server_default=""),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text, nullable=False, server_default=""),
        sa.UniqueConstraint("change_id", "platform", "asker_id", name="uq_change_notice_asker"),
        sa.Index("ix_change_notices_status", "status", "created_at"),
    )


def downgrade() -> None:
    op.drop_table("change_notices")
    op.drop_table("policy_changes")
    with op.batch_alter_table("rulings") as batch:
        batch.drop_column("review_change_id")
        batch.drop_column("needs_review")
