"""The Teams adapter's section of app.yaml (`teams:`), checked once when it is built.

Secrets (MicrosoftAppId, MicrosoftAppPassword, MicrosoftAppTenantId) never come from here: they are
read from the environment through `Settings.secret()`.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from bot.teams.service_urls import pattern_problem
from knowledge.sections import Section, SettingsError, setting

CUSTOM_ENDPOINTS = ("token_endpoint", "openid_metadata", "token_issuer")


@dataclass(frozen=True)
class TeamsSettings(Section):
    KEY = "teams"
    host: str = "127.0.0.1"
    port: int = setting(3978, low=1, high=65535)
    admin_conversation: str = ""    # conversation id of the admins' channel, if fixed in config
    admin_aad_ids: tuple[str, ...] = ()
    tenants: Mapping[str, str] = setting(default_factory=dict)      # tenant id -> collection
    allowed_bots: tuple[str, ...] = ()   # bot account ids whose messages are answered; other bots are ignored
    # serviceUrl patterns trusted besides the Bot Framework/Teams hosts, e.g. "https://*.example.org/"
    service_urls: tuple[str, ...] = setting((), check=pattern_problem)
    # Which Microsoft cloud issues and checks the bot's tokens: "public" (default), "usgov" (GCC High,
    # botbuilder's US Government endpoints) or "custom" (the three endpoints below; e.g. a test token service).
    cloud: str = setting("public", choices=("public", "usgov", "custom"))
    token_endpoint: str = ""        # custom: where the bot gets its own tokens (OAuth client credentials)
    openid_metadata: str = ""       # custom: the OpenID configuration whose keys sign channel tokens
    token_issuer: str = ""          # custom: the `iss` channel tokens must carry

    def __post_init__(self):
        super().__post_init__()
        if self.cloud == "custom":
            missing = [name for name in CUSTOM_ENDPOINTS if not getattr(self, name)]
            if missing:
                raise SettingsError("teams.cloud", "custom needs " + ", ".join(f"teams.{m}" for m in missing))
