"""The admin UI's section: `admin:` typed and checked once (sessions, cookies, trusted proxies)."""
import pytest

from bot.admin.settings import AdminSettings
from knowledge.sections import SettingsError, read_section


def test_a_good_section():
    admin = read_section(AdminSettings, {"secure_cookies": True, "trusted_proxies": ["127.0.0.1", "10.0.0.0/8"],
                                         "session_max_hours": 2}, "admin")
    assert admin.secure_cookies and admin.trusted_proxies == ("127.0.0.1", "10.0.0.0/8")


@pytest.mark.parametrize("raw, message", [
    ({"secure_cookies": "yes please"}, "admin.secure_cookies: expected true or false, got 'yes please'"),
    ({"secure_cookies": 1}, "admin.secure_cookies: expected true or false, got 1"),
    ({"session_idle_minutes": 0}, "admin.session_idle_minutes: expected a number >= 1, got 0"),
    ({"session_max_hours": 1.5}, "admin.session_max_hours: expected a whole number, got 1.5"),
    ({"retention_days": -1}, "admin.retention_days: expected a number >= 0, got -1"),
    ({"trusted_proxies": ["10.0.0.1", "proxy.local"]},
     "admin.trusted_proxies[1]: expected an IP address or network (CIDR), e.g. 10.0.0.0/8, got 'proxy.local'"),
    ({"secure_cookie": True}, "admin.secure_cookie: unknown setting (known: host, port, retention_days, "
                              "secure_cookies, session_idle_minutes, session_max_hours, trusted_proxies)"),
])
def test_bad_values_are_one_line_naming_the_key(raw, message):
    with pytest.raises(SettingsError) as caught:
        read_section(AdminSettings, raw, "admin")
    assert str(caught.value) == message


def test_built_in_code_it_is_checked_too():
    with pytest.raises(SettingsError, match=r"^admin.session_idle_minutes: expected a number >= 1, got 0$"):
        AdminSettings(session_idle_minutes=0)
