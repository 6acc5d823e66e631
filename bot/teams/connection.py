"""Bot Framework credentials and the CloudAdapter built from them.

Credentials come only from the environment through `settings.secret`:
MicrosoftAppId, MicrosoftAppPassword and MicrosoftAppTenantId (a tenant id
makes the registration single-tenant, which new Azure Bot registrations are).
With no app id the adapter runs unauthenticated; `server.check_binding`
allows that only on a loopback address.
"""
from __future__ import annotations

from dataclasses import dataclass

from botbuilder.integration.aiohttp import CloudAdapter, ConfigurationBotFrameworkAuthentication

from knowledge.settings import Settings


class CredentialsError(ValueError):
    """The Bot Framework credentials in the environment are incomplete."""


@dataclass(frozen=True)
class BotCredentials:
    APP_ID: str = ""
    APP_PASSWORD: str = ""
    APP_TENANTID: str = ""
    APP_TYPE: str = "MultiTenant"

    @property
    def authenticated(self) -> bool:
        return bool(self.APP_ID)


def credentials_from(settings: Settings) -> BotCredentials:
    app_id = settings.secret("MicrosoftAppId") or ""
    password = settings.secret("MicrosoftAppPassword") or ""
    tenant = settings.secret("MicrosoftAppTenantId") or ""
    if app_id and not password:
        raise CredentialsError("MicrosoftAppPassword must be set when MicrosoftAppId is set")
    app_type = settings.secret("MicrosoftAppType") or ("SingleTenant" if tenant else "MultiTenant")
    return BotCredentials(app_id, password, tenant, app_type)


def make_adapter(credentials: BotCredentials) -> CloudAdapter:
    return CloudAdapter(ConfigurationBotFrameworkAuthentication(credentials))
