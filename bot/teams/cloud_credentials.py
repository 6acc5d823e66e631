"""Which Microsoft cloud the Teams bot authenticates against (`teams.cloud`).

- `public` (default): botbuilder's public-cloud constants (login.microsoftonline.com,
  api.botframework.com).
- `usgov`: botbuilder's US Government cloud (GCC High: login.microsoftonline.us,
  api.botframework.us), selected the way botbuilder selects it, by its `CHANNEL_SERVICE`.
- `custom`: the three endpoints named in `app.yaml`: the token endpoint the bot gets its own
  tokens from, the OpenID metadata whose keys sign the channel's tokens, and the issuer those
  tokens carry (also the scope of the bot's own tokens, as in both Microsoft clouds). This is
  botbuilder's "parameterized" authentication; tests use it against a local token service.

The result is a set of the configuration attributes botbuilder's
`ConfigurationBotFrameworkAuthentication` reads, plus the token URL and scope that
`connection.check_credentials` uses at start.
"""
from __future__ import annotations

from dataclasses import dataclass

from botframework.connector.auth import AuthenticationConstants, GovernmentConstants

from bot.teams.settings import TeamsSettings


@dataclass(frozen=True)
class CloudEndpoints:
    name: str
    login_url_prefix: str = ""          # + tenant + "/oauth2/v2.0/token" (public, usgov)
    token_endpoint: str = ""            # the whole token URL (custom)
    oauth_scope: str = AuthenticationConstants.TO_CHANNEL_FROM_BOT_OAUTH_SCOPE
    default_tenant: str = "botframework.com"
    # What botbuilder's configuration reads (None: its own default).
    channel_service: str | None = None
    token_issuer: str | None = None
    openid_metadata: str | None = None

    def token_url(self, tenant: str) -> str:
        if self.token_endpoint:
            return self.token_endpoint
        # The public prefix is read when used (botbuilder's own constant, as its SDK reads it).
        prefix = self.login_url_prefix or AuthenticationConstants.TO_CHANNEL_FROM_BOT_LOGIN_URL_PREFIX
        return f"{prefix}{tenant or self.default_tenant}/oauth2/v2.0/token"

    def botbuilder_configuration(self) -> dict[str, object]:
        """Attributes for `ConfigurationBotFrameworkAuthentication` (added to the credentials object)."""
        if self.name == "usgov":
            return {"CHANNEL_SERVICE": self.channel_service}
        if self.name == "custom":
            return {"TO_CHANNEL_FROM_BOT_LOGIN_URL": self.token_endpoint,
                    "TO_CHANNEL_FROM_BOT_OAUTH_SCOPE": self.oauth_scope,
                    "TO_BOT_FROM_CHANNEL_TOKEN_ISSUER": self.token_issuer,
                    "TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL": self.openid_metadata,
                    "TO_BOT_FROM_EMULATOR_OPENID_METADATA_URL": self.openid_metadata,
                    "VALIDATE_AUTHORITY": False}
        return {}


PUBLIC = CloudEndpoints("public")
USGOV = CloudEndpoints("usgov", login_url_prefix=GovernmentConstants.TO_CHANNEL_FROM_BOT_LOGIN_URL_PREFIX,
                       oauth_scope=GovernmentConstants.TO_CHANNEL_FROM_BOT_OAUTH_SCOPE,
                       default_tenant=GovernmentConstants.DEFAULT_CHANNEL_AUTH_TENANT,
                       channel_service=GovernmentConstants.CHANNEL_SERVICE,
                       token_issuer=GovernmentConstants.TO_BOT_FROM_CHANNEL_TOKEN_ISSUER,
                       openid_metadata=GovernmentConstants.TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL)


def cloud_endpoints(teams: TeamsSettings) -> CloudEndpoints:
    """The endpoints of the configured cloud (TeamsSettings checked the setting and the custom fields)."""
    if teams.cloud == "usgov":
        return USGOV
    if teams.cloud == "custom":
        return CloudEndpoints("custom", token_endpoint=teams.token_endpoint, oauth_scope=teams.token_issuer,
                              token_issuer=teams.token_issuer, openid_metadata=teams.openid_metadata)
    return PUBLIC
