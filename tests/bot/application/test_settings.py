"""The composed settings: app.yaml plus the environment, every part's section, this layer's own keys."""
from pathlib import Path

import pytest

from bot.application.settings import CollectionSettings, InboxSettings, Settings, SettingsError, load_settings
from tests.conftest import ROOT


def _config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "app.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_documented_app_yaml_loads_with_its_defaults():
    settings = load_settings(path=ROOT / "app.yaml", env={})
    defaults = Settings()
    for section in ("chroma", "retrieval", "ingest", "admin", "slack", "teams", "asking", "inbox"):
        assert getattr(settings, section) == getattr(defaults, section), section
    assert settings.data_dir == Path("data") and settings.default_collection == "default"
    assert settings.collections == {}


def test_every_layer_own_keys_and_the_environment(tmp_path):
    config = _config(tmp_path, "data_dir: /srv/pb\ndefault_collection: minuteman\n"
                               "collections:\n  minuteman: {organization: Minuteman RVTSD}\n"
                               "inbox: {workers: 2, poll_seconds: 1}\nasking: {escalations_per_asker_per_hour: 0}\n")
    settings = load_settings(path=config, env={"SLACK_BOT_TOKEN": "xoxb-1"})
    assert settings.data_dir == Path("/srv/pb") and settings.organization_for("minuteman") == "Minuteman RVTSD"
    assert settings.collections["minuteman"] == CollectionSettings(organization="Minuteman RVTSD")
    assert settings.inbox.workers == 2 and settings.inbox.poll_seconds == 1.0
    assert settings.asking.escalations_per_asker_per_hour == 0
    assert settings.secret("SLACK_BOT_TOKEN") == "xoxb-1" and settings.secret("SLACK_APP_TOKEN") is None
    env = {"POLICYBOT_DATA_DIR": "/tmp/x", "POLICYBOT_COLLECTION": "other", "DATABASE_URL": "sqlite:///a.db",
           "POLICYBOT_CHROMA_URL": "http://chroma.local:9000"}
    over = load_settings(path=config, env=env)
    assert (over.data_dir, over.default_collection, over.db_url) == (Path("/tmp/x"), "other", "sqlite:///a.db")
    assert (over.chroma.mode, over.chroma.host, over.chroma.port) == ("http", "chroma.local", 9000)
    assert load_settings(path=config, env={}, data_dir=tmp_path).data_dir == tmp_path


@pytest.mark.parametrize("text, message", [
    ("retrieval:\n  min_relevance: high\n", "retrieval.min_relevance: expected a number, got 'high'"),
    ("retreival:\n  top_k: 3\n", "retreival: unknown setting (known: admin, asking, chroma, collections, data_dir, "
                                 "database_url, default_collection, inbox, ingest, retrieval, slack, staff_groups, teams)"),
    ("admin:\n  secure_cookies: maybe\n", "admin.secure_cookies: expected true or false, got 'maybe'"),
    ("inbox:\n  workers: 0\n", "inbox.workers: expected a number >= 1, got 0"),
    ("inbox:\n  instance: 7\n", "inbox.instance: expected text (in quotes), got 7"),
    ("asking:\n  escalations_per_asker_per_hour: lots\n",
     "asking.escalations_per_asker_per_hour: expected a whole number, got 'lots'"),
    ("collections:\n  minuteman:\n    organisation: X\n",
     "collections.minuteman.organisation: unknown setting (known: change_notices, group_series, groups, organization)"),
    ("collections: [minuteman]\n", "collections: expected a mapping of collection names to their settings, "
                                   "e.g. {minuteman: {organization: ...}}, got ['minuteman']"),
    ("data_dir: [a]\n", "data_dir: expected text, got ['a']"),
    ("- retrieval\n", "expected a mapping of settings (key: value lines), got ['retrieval']"),
    ("retrieval: [\n", "not valid YAML at line 2, column 1: expected the node content, but found '<stream end>'"),
])
def test_a_bad_file_is_one_line_naming_file_and_key(tmp_path, text, message):
    config = _config(tmp_path, text)
    with pytest.raises(SettingsError) as caught:
        load_settings(path=config, env={})
    assert str(caught.value) == f"{config}: {message}"


def test_a_bad_environment_value_is_named():
    with pytest.raises(SettingsError) as caught:
        load_settings(path=ROOT / "tests" / "fixtures" / "no-config.yaml", env={"POLICYBOT_CHROMA_URL": "chroma:8000"})
    assert str(caught.value) == "environment: POLICYBOT_CHROMA_URL: expected http://host:port, got 'chroma:8000'"


def test_inbox_instance_name_defaults_to_the_host():
    assert InboxSettings(instance="bot-a").instance_name == "bot-a"
    with pytest.raises(SettingsError, match=r"^inbox.lease_seconds: expected a number >= 1, got 0$"):
        InboxSettings(lease_seconds=0)
