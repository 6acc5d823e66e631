"""Where escalations go: the registered channel (JSON in the data dir) or the configured conversation id."""
from __future__ import annotations

from dataclasses import replace

from bot.teams.admin_channel import AdminChannel

REFERENCE = {
    "activityId": "1700000000123",
    "user": {"id": "29:alex", "aadObjectId": "aad-alex"},
    "bot": {"id": "28:policybot", "name": "PolicyBot"},
    "conversation": {"id": "19:admins@thread.tacv2;messageid=1700000000123", "conversationType": "channel",
                     "tenantId": "t1"},
    "channelId": "msteams",
    "serviceUrl": "https://smba.trafficmanager.net/amer/",
}


def test_registered_channel_survives_a_restart_and_posts_new_threads(settings):
    assert AdminChannel(settings).reference() is None
    AdminChannel(settings).register(REFERENCE)
    reference = AdminChannel(settings).reference()
    assert reference["conversation"]["id"] == "19:admins@thread.tacv2"
    assert "activityId" not in reference
    assert reference["serviceUrl"] == REFERENCE["serviceUrl"]
    assert list(settings.data_dir.iterdir()) == [AdminChannel(settings).path]   # no temp files left


def test_configured_conversation_borrows_service_url_and_bot_from_the_current_activity(settings):
    configured = replace(settings, teams=replace(settings.teams, admin_conversation="19:cfg@thread.tacv2"))
    asker_reference = {**REFERENCE, "conversation": {"id": "a:personal", "tenantId": "t1"}}
    reference = AdminChannel(configured).reference(borrow_from=asker_reference)
    assert reference["conversation"] == {"id": "19:cfg@thread.tacv2", "tenantId": "t1", "isGroup": True,
                                         "conversationType": "channel"}
    assert (reference["serviceUrl"], reference["bot"]) == (REFERENCE["serviceUrl"], REFERENCE["bot"])
    assert "activityId" not in reference
    assert AdminChannel(configured).reference() is None     # nothing to borrow from
