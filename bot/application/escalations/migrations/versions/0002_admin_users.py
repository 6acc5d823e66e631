"""Accounts of the admin web UI (argon2 password hashes).

Revision ID: 0002_admin_users
Revises: 0001_initial
Create Date: 2026-11-22
"""
from alembic import op
import sqlalchemy as sa

revision = "0002_admin_users"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "admin_users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("username", sa.String(200), nullable=False, unique=True),
        sa.Column("password_hash", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("admin_users")
