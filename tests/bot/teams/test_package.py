"""`policybot teams package`: the zip Teams accepts, with ids substituted from the environment."""
from __future__ import annotations

import argparse
import json
import struct
import zipfile

import pytest

from bot.cli import teams as teams_cli
from bot.teams.package import APP_PACKAGE, PackageError, build_package
from bot.application.settings import Settings

APP_ID = "0f8fad5b-d9cb-469f-a165-70867728950e"


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_package_contains_manifest_with_the_bot_id_and_both_icons(tmp_path):
    settings = Settings(env={"MicrosoftAppId": APP_ID})
    path = build_package(settings, tmp_path / "out" / "app.zip", developer="Kimberly SD",
                         website="https://www.kimberly.edu")
    with zipfile.ZipFile(path) as archive:
        assert sorted(archive.namelist()) == ["color.png", "manifest.json", "outline.png"]
        manifest = json.loads(archive.read("manifest.json"))
        assert png_size(archive.read("color.png")) == (192, 192)
        assert png_size(archive.read("outline.png")) == (32, 32)
    assert "{{" not in json.dumps(manifest)
    assert manifest["id"] == APP_ID and manifest["bots"][0]["botId"] == APP_ID
    assert float(manifest["manifestVersion"]) >= 1.16
    assert sorted(manifest["bots"][0]["scopes"]) == ["groupChat", "personal", "team"]
    assert manifest["developer"]["privacyUrl"] == "https://www.kimberly.edu"
    assert manifest["developer"]["name"] == "Kimberly SD"


def test_separate_teams_app_id_is_used_when_set(tmp_path):
    other = "6ba7b810-9dad-11d1-80b4-00c04fd430c8"
    settings = Settings(env={"MicrosoftAppId": APP_ID, "TeamsAppId": other})
    with zipfile.ZipFile(build_package(settings, tmp_path / "a.zip", developer="d", website="https://x.org")) as z:
        manifest = json.loads(z.read("manifest.json"))
    assert (manifest["id"], manifest["bots"][0]["botId"]) == (other, APP_ID)


def test_missing_or_invalid_app_id_is_refused(tmp_path):
    for env in ({}, {"MicrosoftAppId": "not-a-guid"}):
        with pytest.raises(PackageError, match="MicrosoftAppId"):
            build_package(Settings(env=env), tmp_path / "a.zip", developer="d", website="https://x.org")
    with pytest.raises(PackageError, match="https"):
        build_package(Settings(env={"MicrosoftAppId": APP_ID}), tmp_path / "a.zip", developer="d",
                      website="http://x.org")
    assert not (tmp_path / "a.zip").exists()


def test_cli_builds_the_zip(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("MicrosoftAppId", APP_ID)
    monkeypatch.chdir(tmp_path)
    parser = argparse.ArgumentParser()
    teams_cli.register(parser.add_subparsers())
    args = parser.parse_args(["teams", "package", "--output", str(tmp_path / "teams.zip")])
    assert args.func(args) == 0
    assert zipfile.is_zipfile(tmp_path / "teams.zip")
    assert "teams.zip" in capsys.readouterr().out


def test_committed_template_and_icons_exist():
    template = json.loads((APP_PACKAGE / "manifest.json").read_text())
    assert template["bots"][0]["botId"] == "{{MicrosoftAppId}}"
    assert png_size((APP_PACKAGE / "color.png").read_bytes()) == (192, 192)
