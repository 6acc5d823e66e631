"""SQLAlchemy Core table definitions (the schema the Alembic migrations create).

Kept in step with `migrations/versions/`: a change here needs a new revision there.
"""
from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

questions = sa.Table(
    "questions", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("asked_at", sa.DateTime(timezone=True), nullable=False, index=True),
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
    sa.Index("ix_questions_asker", "platform", "asker_id"),
)

escalations = sa.Table(
    "escalations", metadata,
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
    sa.Column("status", sa.String(16), nullable=False, index=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, index=True),
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

rulings = sa.Table(
    "rulings", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("question", sa.Text, nullable=False),
    sa.Column("answer", sa.Text, nullable=False),
    sa.Column("answered_by", sa.String(200), nullable=False),
    sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("collection", sa.String(200), nullable=False, index=True),
    sa.Column("escalation_id", sa.Integer, sa.ForeignKey("escalations.id"), nullable=True),
    sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
    # A clause the ruling rests on changed (bot/application/changes): not shown until an admin confirms it.
    sa.Column("needs_review", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("review_change_id", sa.Integer, nullable=True),
)

admin_users = sa.Table(
    "admin_users", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("username", sa.String(200), nullable=False, unique=True),
    sa.Column("password_hash", sa.Text, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

# Chat questions as received, before the ack (see bot/application/escalations/inbox.py).
inbox = sa.Table(
    "inbox", metadata,
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
    sa.Column("length", sa.Integer, nullable=False, server_default="0"),   # characters as received
    sa.Column("reply_to", sa.JSON, nullable=False),
    sa.Column("question_id", sa.Integer, nullable=True),
    sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
    sa.UniqueConstraint("platform", "event_key", name="uq_inbox_event"),
    sa.Index("ix_inbox_status", "status", "received_at"),
)

# A logged-in admin session. The cookie holds a random id; only its SHA-256 is stored, so a
# copy of the database does not hand out live sessions. Times are epoch seconds.
admin_sessions = sa.Table(
    "admin_sessions", metadata,
    sa.Column("id_hash", sa.String(64), primary_key=True),
    sa.Column("username", sa.String(200), nullable=False, index=True),
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Column("last_seen", sa.Float, nullable=False),
    sa.Column("data", sa.JSON, nullable=False),
)

# Failed logins per throttle key (a hash of address + username, or of the address alone),
# shared by every admin process through the database.
login_failures = sa.Table(
    "login_failures", metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("failures", sa.Integer, nullable=False),
    sa.Column("last_failure", sa.Float, nullable=False, index=True),
)

# A re-ingest that changed or removed clauses of a document: one row per document and change
# (change_key: a hash of the clauses that left and came in), with the clause-level diff as JSON.
policy_changes = sa.Table(
    "policy_changes", metadata,
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

# One message per asker per policy change, queued durably and sent once (see bot/application/changes).
change_notices = sa.Table(
    "change_notices", metadata,
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

# Topics of unanswered questions an admin asked a policy for (bot/application/gaps/). Topics are
# regrouped on every view; a saved one is recognised again by its centroid (knowledge/gaps/identity.py).
gap_topics = sa.Table(
    "gap_topics", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(300), nullable=False),
    sa.Column("centroid", sa.JSON, nullable=False),         # unit vector, list of floats
    sa.Column("encoder", sa.String(200), nullable=False),
    sa.Column("collection", sa.String(200), nullable=False, server_default=""),  # "" when viewed across all
    sa.Column("questions", sa.Integer, nullable=False, server_default="0"),     # how many when marked
    sa.Column("requested_by", sa.String(200), nullable=False),
    sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False, index=True),
)

# Each chat asker's staff group as they chose it ("change my group" replaces the row): see
# bot/application/staff_groups/choices.py. Keyed by platform and platform user id.
staff_group_choices = sa.Table(
    "staff_group_choices", metadata,
    sa.Column("platform", sa.String(32), primary_key=True),
    sa.Column("user_id", sa.String(200), primary_key=True),
    sa.Column("staff_group", sa.String(40), nullable=False),
    sa.Column("chosen_at", sa.DateTime(timezone=True), nullable=False),
)
