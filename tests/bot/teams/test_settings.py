"""The Teams adapter's section: `teams:` typed and checked once, the custom cloud's endpoints required."""
import pytest

from bot.teams.settings import TeamsSettings
from knowledge.sections import SettingsError, read_section


def test_a_good_section():
    teams = read_section(TeamsSettings, {"tenants": {"t-1": "kimberly"}, "cloud": "usgov",
                                         "service_urls": ["https://*.example.org/"]}, "teams")
    assert teams.tenants == {"t-1": "kimberly"} and teams.cloud == "usgov"
    assert teams.service_urls == ("https://*.example.org/",)


@pytest.mark.parametrize("raw, message", [
    ({"cloud": "china"}, "teams.cloud: expected one of public, usgov, custom, got 'china'"),
    ({"cloud": "custom", "token_issuer": "https://issuer"},
     "teams.cloud: custom needs teams.token_endpoint, teams.openid_metadata"),
    ({"service_urls": ["https://*.example.org/", "ftp://files"]},
     "teams.service_urls[1]: expected an http(s) URL pattern, e.g. https://*.example.org/, got 'ftp://files'"),
    ({"port": "3978"}, "teams.port: expected a whole number, got '3978'"),
    ({"tenant": {}}, "teams.tenant: unknown setting (known: admin_aad_ids, admin_conversation, allowed_bots, "
                     "cloud, host, openid_metadata, port, service_urls, tenants, token_endpoint, token_issuer)"),
])
def test_bad_values_are_one_line_naming_the_key(raw, message):
    with pytest.raises(SettingsError) as caught:
        read_section(TeamsSettings, raw, "teams")
    assert str(caught.value) == message
