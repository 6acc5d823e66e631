"""Askers' remembered staff groups.

Revision ID: 0006_staff_groups
Revises: 0005_change_notices
Create Date: 2026-12-05

"""
from alembic import op
import sqlalchemy as sa

revision = "0006_staff_groups"
down_revision = "0005_change_notices"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "staff_group_choices",
        sa.Column("platform", sa.String(32), primary_key=True),
        sa.Column("user_id", sa.String(200), primary_key=True),
        sa.Column("staff_group", sa.String(40), nullable=False),
        sa.Column("chosen_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("staff_group_choices")
