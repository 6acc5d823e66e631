"""Bot Framework credentials and the CloudAdapter built from them.

Credentials come only from the environment through `settings.secret`:
MicrosoftAppId, MicrosoftAppPassword and MicrosoftAppTenantId (a tenant id
makes the registration single-tenant, which new Azure Bot registrations are).
With no app id the adapter runs unauthenticated; `server.check_binding`
allows that only on a loopback address.

The cloud (`teams.cloud`: public, US Government, or custom endpoints) travels with the
credentials (cloud_credentials.py), so the adapter, the start-up check and the token
validation all use the same endpoints.

`check_credentials` asks the Microsoft login service for a Bot Framework token
once at start, so a wrong password or an unreachable login service is one
clear line from `policybot teams` instead of a traceback on the first reply.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

import requests
from botbuilder.integration.aiohttp import CloudAdapter, ConfigurationBotFrameworkAuthentication

from bot.teams.cloud_credentials import PUBLIC, CloudEndpoints, cloud_endpoints
from bot.application.settings import Settings


TOKEN_TIMEOUT_SECONDS = 20
# What the login service says when the app id, password or tenant is wrong.
REJECTED = ("invalid_client", "unauthorized_client", "invalid_request", "invalid_grant", "invalid_tenant")


class CredentialsError(ValueError):
    """The Bot Framework credentials in the environment are incomplete."""


class PlatformUnavailable(RuntimeError):
    """Microsoft rejected the credentials, or its login service cannot be reached."""


@dataclass(frozen=True)
class BotCredentials:
    APP_ID: str = ""
    APP_PASSWORD: str = ""
    APP_TENANTID: str = ""
    APP_TYPE: str = "MultiTenant"
    cloud: CloudEndpoints = field(default=PUBLIC)

    @property
    def authenticated(self) -> bool:
        return bool(self.APP_ID)

    def __getattr__(self, name: str):
        # botbuilder reads its cloud settings (CHANNEL_SERVICE, TO_BOT_FROM_CHANNEL_TOKEN_ISSUER...) with
        # getattr(configuration, NAME, None): answer them from the cloud.
        if name.isupper():
            configuration = object.__getattribute__(self, "cloud").botbuilder_configuration()
            if name in configuration:
                return configuration[name]
        raise AttributeError(name)


def credentials_from(settings: Settings) -> BotCredentials:
    app_id = settings.secret("MicrosoftAppId") or ""
    password = settings.secret("MicrosoftAppPassword") or ""
    tenant = settings.secret("MicrosoftAppTenantId") or ""
    if app_id and not password:
        raise CredentialsError("MicrosoftAppPassword must be set when MicrosoftAppId is set")
    app_type = settings.secret("MicrosoftAppType") or ("SingleTenant" if tenant else "MultiTenant")
    return BotCredentials(app_id, password, tenant, app_type, cloud=cloud_endpoints(settings.teams))


def make_adapter(credentials: BotCredentials) -> CloudAdapter:
    return CloudAdapter(ConfigurationBotFrameworkAuthentication(credentials))


def token_url(credentials: BotCredentials) -> str:
    """The OAuth token endpoint the Bot Framework SDK uses for this registration, in its cloud."""
    return credentials.cloud.token_url(credentials.APP_TENANTID)


def check_credentials(credentials: BotCredentials) -> None:
    """Get one token (client credentials grant); PlatformUnavailable with a readable reason if that fails."""
    if not credentials.authenticated:
        return
    url = token_url(credentials)
    host = urlsplit(url).netloc
    try:
        response = requests.post(url, timeout=TOKEN_TIMEOUT_SECONDS, data={
            "grant_type": "client_credentials", "client_id": credentials.APP_ID,
            "client_secret": credentials.APP_PASSWORD,
            "scope": f"{credentials.cloud.oauth_scope}/.default"})
    except requests.RequestException as error:
        raise PlatformUnavailable(f"cannot reach the Microsoft login service at {host} ({type(error).__name__}); "
                                  "check the network and proxy settings") from None
    try:
        body = response.json()
    except ValueError:
        body = {}
    body = body if isinstance(body, dict) else {}
    if response.status_code == 200 and body.get("access_token"):
        return
    code = str(body.get("error") or "")
    if code in REJECTED or response.status_code in (400, 401):
        raise PlatformUnavailable(f"Microsoft rejected the bot's credentials ({code or response.status_code}); "
                                  "check MicrosoftAppId, MicrosoftAppPassword and MicrosoftAppTenantId")
    raise PlatformUnavailable(f"the Microsoft login service at {host} answered HTTP {response.status_code}")
