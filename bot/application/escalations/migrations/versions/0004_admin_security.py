"""Server-side admin sessions and the shared login-failure counters.

Revision ID: 0004_admin_security
Revises: 0003_inbox
Create Date: 2026-11-28

"""
from alembic import op
import sqlalchemy as sa

revision = "0004_admin_security"
down_revision = "0003_inbox"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "admin_sessions",
        sa.Column("id_hash", sa.String(64), primary_key=True),
        sa.Column("username", sa.String(200), nullable=False, index=True),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("last_seen", sa.Float, nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
    )
    op.create_table(
        "login_failures",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("last_failure", sa.Float, nullable=False, index=True),
    )


def downgrade() -> None:
    op.drop_table("login_failures")
    op.drop_table("admin_sessions")
