"""Initial schema: question log, escalation queue, admin rulings.

Revision ID: 0001_initial
Revises:
Create Date: 2026-11-22
"""
from alembic import op
import sqlalchemy as sa

revision = "0001_initial"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "questions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("asked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("platform", sa.String(32), nullable=False),
        sa.Column("tenant", sa.String(200), nullable=False, server_default=""),
        sa.Column("channel", sa.String(200), nullable=False, server_default=""),
        sa.Column("asker_id", sa.String(200), nullable=False, server_default=""),
        sa.Column("asker_name", sa.String(200), nullable=False, server_default=""),
        sa.Column("question", sa.Text, nullable=False),
        sa.Column("collection", sa.String(200), nullable=False),
        sa.Column("verdict", sa.String(32), nullable=False),
        sa.Column("escalated", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("clause_ids", sa.JSON, nullable=False),
        sa.Column("topic", sa.String(500), nullable=False, server_default=""),
        sa.Column("latency_ms", sa.Float, nullable=False, server_default="0"),
        sa.Column("feedback", sa.Boolean, nullable=True),
        sa.Column("bot_answer", sa.JSON, nullable=False),
    )
    op.create_index("ix_questions_asked_at", "questions", ["asked_at"])
    op.create_index("ix_questions_asker", "questions", ["platform", "asker_id"])
    op.create_table(
        "escalations",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("question_id", sa.Integer, sa.ForeignKey("questions.id"), nullable=False, unique=True),
        sa.Column("question", sa.Text, nullable=False),
        sa.Column("platform", sa.String(32), nullable=False),
        sa.Column("tenant", sa.String(200), nullable=False, server_default=""),
        sa.Column("channel", sa.String(200), nullable=False, server_default=""),
        sa.Column("asker_id", sa.String(200), nullable=False, server_default=""),
        sa.Column("asker_name", sa.String(200), nullable=False, server_default=""),
        sa.Column("collection", sa.String(200), nullable=False),
        sa.Column("reason", sa.Text, nullable=False, server_default=""),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("bot_answer", sa.JSON, nullable=False),
        sa.Column("reply_to", sa.JSON, nullable=True),
        sa.Column("permalink", sa.Text, nullable=False, server_default=""),
        sa.Column("admin_message", sa.JSON, nullable=False),
        sa.Column("answered_by", sa.String(200), nullable=False, server_default=""),
        sa.Column("answer", sa.Text, nullable=False, server_default=""),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolved_by", sa.String(200), nullable=False, server_default=""),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ruling_id", sa.Integer, nullable=True),
        sa.Column("version", sa.Integer, nullable=False, server_default="1"),
    )
    op.create_index("ix_escalations_status", "escalations", ["status"])
    op.create_index("ix_escalations_created_at", "escalations", ["created_at"])
    op.create_table(
        "rulings",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("question", sa.Text, nullable=False),
        sa.Column("answer", sa.Text, nullable=False),
        sa.Column("answered_by", sa.String(200), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("collection", sa.String(200), nullable=False),
        sa.Column("escalation_id", sa.Integer, sa.ForeignKey("escalations.id"), nullable=True),
        sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
    )
    op.create_index("ix_rulings_collection", "rulings", ["collection"])


def downgrade() -> None:
    op.drop_table("rulings")
    op.drop_table("escalations")
    op.drop_table("questions")
