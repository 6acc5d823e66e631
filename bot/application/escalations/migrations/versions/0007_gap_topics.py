"""Topics of unanswered questions marked "policy requested" (the admin UI's gaps page).

Revision ID: 0007_gap_topics
Revises: 0006_staff_groups
Create Date: 2026-12-05

"""
from alembic import op
import sqlalchemy as sa

revision = "0007_gap_topics"
down_revision = "0006_staff_groups"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "gap_topics",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("centroid", sa.JSON, nullable=False),
        sa.Column("encoder", sa.String(200), nullable=False),
        sa.Column("collection", sa.String(200), nullable=False, server_default=""),
        sa.Column("questions", sa.Integer, nullable=False, server_default="0"),
        sa.Column("requested_by", sa.String(200), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False, index=True),
    )


def downgrade() -> None:
    op.drop_table("gap_topics")
