"""Teams test fixtures: settings in a temp data dir, the real escalation store on SQLite, a fake AnswerService."""
from __future__ import annotations

import pytest

from bot.application.settings import Settings
from bot.teams.settings import TeamsSettings
from tests.bot.teams.activities import ADMIN, TENANT
from tests.bot.teams.fakes import FakeAnswerService


@pytest.fixture
def settings(tmp_path) -> Settings:
    teams = TeamsSettings(admin_aad_ids=(ADMIN["aadObjectId"],), tenants={TENANT: "kimberly"})
    return Settings(data_dir=tmp_path / "data", default_collection="default", teams=teams, env={})


@pytest.fixture
def service() -> FakeAnswerService:
    return FakeAnswerService()
