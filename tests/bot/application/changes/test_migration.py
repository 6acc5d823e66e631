"""Migration 0005 on a database holding rulings: they stay shown, and it can be taken back."""
from __future__ import annotations

from datetime import datetime, timezone

import sqlalchemy as sa

from bot.application.escalations.migrate import HEAD, current_revision, upgrade
from bot.application.escalations.store import EscalationStore, create_engine


def test_rulings_saved_before_0005_are_not_under_review_and_downgrade_works(db_url):
    engine = create_engine(db_url)
    upgrade(engine, "0004_admin_security")
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO rulings (question, answer, answered_by, answered_at, collection, active) "
                             "VALUES ('Can I?', 'Yes.', 'Dr. Lee', :t, 'kimberly', :a)"),
                     {"t": datetime.now(timezone.utc), "a": True})
    upgrade(engine)
    assert current_revision(engine) == HEAD
    store = EscalationStore(engine)
    [ruling] = store.active_rulings("kimberly")
    assert (ruling.answer, ruling.needs_review, ruling.review_change_id) == ("Yes.", False, None)

    from alembic import command
    from bot.application.escalations.migrate import alembic_config
    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0004_admin_security")
    names = sa.inspect(engine).get_table_names()
    assert "policy_changes" not in names and "change_notices" not in names
    assert "needs_review" not in {c["name"] for c in sa.inspect(engine).get_columns("rulings")}
    upgrade(engine)
    assert [r.answer for r in EscalationStore(engine).active_rulings("kimberly")] == ["Yes."]
    engine.dispose()
