"""Builds the Teams app package: manifest.json with the ids filled in, plus the two icons.

The manifest template in `appPackage/` holds `{{Placeholder}}` markers. The
bot's id comes from MicrosoftAppId; the Teams app's own id from TeamsAppId
(defaults to the bot's id, as the Teams samples do). Upload the zip in Teams
(Apps › Manage your apps › Upload an app) or in the Teams admin center.
"""
from __future__ import annotations

import json
import re
import uuid
import zipfile
from pathlib import Path

from bot.application.settings import Settings

APP_PACKAGE = Path(__file__).resolve().parent / "appPackage"
FILES = ("manifest.json", "color.png", "outline.png")
_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")


class PackageError(ValueError):
    """The package cannot be built from the current settings."""


def _guid(value: str | None, name: str) -> str:
    try:
        return str(uuid.UUID(value or ""))
    except ValueError:
        raise PackageError(f"{name} must be set to the Azure Bot's app id (a GUID); got {value!r}") from None


def manifest(settings: Settings, *, developer: str, website: str) -> dict:
    """The manifest with every placeholder substituted."""
    if not website.startswith("https://"):
        raise PackageError(f"the developer website must be an https:// URL; got {website!r}")
    app_id = _guid(settings.secret("MicrosoftAppId"), "MicrosoftAppId")
    values = {
        "MicrosoftAppId": app_id,
        "TeamsAppId": _guid(settings.secret("TeamsAppId") or app_id, "TeamsAppId"),
        "DeveloperName": developer,
        "DeveloperWebsiteUrl": website,
    }
    template = (APP_PACKAGE / "manifest.json").read_text(encoding="utf-8")

    def fill(match: re.Match) -> str:
        if match.group(1) not in values:
            raise PackageError(f"manifest.json has an unknown placeholder {match.group(0)}")
        return json.dumps(values[match.group(1)])[1:-1]   # JSON-escaped, without the quotes

    return json.loads(_PLACEHOLDER.sub(fill, template))


def build_package(settings: Settings, output: Path, *, developer: str, website: str) -> Path:
    data = manifest(settings, developer=developer, website=website)
    output.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps(data, indent=2, ensure_ascii=False))
        for name in FILES[1:]:
            archive.write(APP_PACKAGE / name, arcname=name)
    return output
