"""The SQLite file: created owner-only, but an existing file keeps the permissions its operator gave it."""
from __future__ import annotations

import stat

from bot.application.escalations.store import EscalationStore


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_database_is_created_owner_only(tmp_path):
    EscalationStore.open(f"sqlite:///{tmp_path / 'policybot.db'}").close()
    assert _mode(tmp_path / "policybot.db") == 0o600


def test_an_existing_database_keeps_its_permissions(tmp_path):
    path = tmp_path / "policybot.db"
    EscalationStore.open(f"sqlite:///{path}").close()
    path.chmod(0o660)                  # shared by two service accounts in one group
    EscalationStore.open(f"sqlite:///{path}").close()
    assert _mode(path) == 0o660
