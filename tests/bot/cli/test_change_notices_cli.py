"""`policybot ingest` reporting change notices, the per-collection opt-out, and `policybot log changes`."""
from __future__ import annotations

import json

import pytest

from bot.cli.main import main
from bot.application.escalations.store import EscalationStore
from knowledge.models import Answer, Citation, Verdict
from bot.application.settings import load_settings
from knowledge.store.chroma_store import ChromaStore

POLICY = ("GBXX - Visitors\n\n# Signing in\n\n1. Visitors must sign in at the office before 9 am.\n"
          "2. Badges are worn at all times.\n")
REVISED = ("GBXX - Visitors\n\n# Signing in\n\n1. Badges are worn at all times.\n"
           "2. Visitors must sign in at the office before 8 am.\n")


def setup(tmp_path, config: str):
    (tmp_path / "app.yaml").write_text(config, encoding="utf-8")
    path = tmp_path / "gbxx.txt"
    path.write_text(POLICY, encoding="utf-8")
    args = ["--config", str(tmp_path / "app.yaml"), "--data-dir", str(tmp_path / "data")]
    assert main([*args, "ingest", "--quiet", "--collection", "district", str(path)]) == 0
    settings = load_settings(path=tmp_path / "app.yaml", env={}, data_dir=tmp_path / "data")
    [clause] = [c for c in ChromaStore(settings).collection("district").clauses() if "sign in" in c.text]
    store = EscalationStore.open(settings.db_url)
    cite = Citation(clause_id=clause.id, document=clause.document, section=clause.section, locator=clause.locator,
                    text=clause.shown_text(), score=0.8)
    store.record_question(platform="slack", question="When must visitors sign in?", latency_ms=1.0,
                          answer=Answer(question="When must visitors sign in?", verdict=Verdict.INFORMATIONAL,
                                        escalate=False, escalation_reason=None, summary="Before 9 am.",
                                        citations=(cite,)), collection="district", tenant="T1", asker_id="U1")
    store.close()
    path.write_text(REVISED, encoding="utf-8")
    return args, path, settings


def test_ingest_queues_one_notice_and_log_changes_lists_it(tmp_path, capsys):
    args, path, settings = setup(tmp_path, "{}\n")
    capsys.readouterr()
    assert main([*args, "ingest", "--quiet", "--collection", "district", str(path)]) == 0
    out = capsys.readouterr().out
    # No Slack credentials in this process: queued, to be sent by `log changes --send` (or the next ingest).
    assert "district: 1 document(s) changed wording: 1 change notice(s) queued, 0 sent" in out
    assert main([*args, "log", "changes"]) == 0
    listing = capsys.readouterr().out
    assert "district/gbxx: GBXX - Visitors  (1 changed)" in listing
    assert "notice #1 pending  slack U1: 1 question(s)" in listing
    assert main([*args, "log", "changes", "--json"]) == 0
    [change] = json.loads(capsys.readouterr().out)["changes"]
    assert [c["kind"] for c in change["clauses"]] == ["changed"]
    assert change["clauses"][0]["old"]["text"] == "Visitors must sign in at the office before 9 am."
    assert change["clauses"][0]["new"]["text"] == "Visitors must sign in at the office before 8 am."
    assert [(n["asker_id"], n["status"], n["questions"]) for n in change["notices"]] == [
        ("U1", "pending", ["When must visitors sign in?"])]


def test_log_changes_send_delivers_what_waits_once(tmp_path, capsys, monkeypatch):
    from tests.bot.slack.mock_slack import MockSlack

    args, path, _ = setup(tmp_path, "{}\n")
    assert main([*args, "ingest", "--quiet", "--collection", "district", str(path)]) == 0
    mock = MockSlack().start()
    try:
        monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test")
        monkeypatch.setenv("SLACK_API_URL", mock.base_url)
        capsys.readouterr()
        assert main([*args, "log", "changes", "--send"]) == 0
        out = capsys.readouterr().out
        assert out.startswith("sent 1 waiting notice(s)") and "notice #1 sent" in out
        assert main([*args, "log", "changes", "--send"]) == 0
        assert capsys.readouterr().out.startswith("sent 0 waiting notice(s)")
        [post] = mock.bodies("/chat.postMessage")
    finally:
        mock.stop()
    assert post["channel"] == "DIMU1" and "before 8 am" in json.dumps(post["blocks"])


def test_json_report_says_how_many_were_queued(tmp_path, capsys):
    args, path, _ = setup(tmp_path, "{}\n")
    capsys.readouterr()
    assert main([*args, "ingest", "--json", "--collection", "district", str(path)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["changed_documents"], report["notices_queued"], report["notices_sent"]) == (["gbxx"], 1, 0)


def test_a_collection_can_opt_out(tmp_path, capsys):
    args, path, _ = setup(tmp_path, "collections:\n  district:\n    change_notices: false\n")
    capsys.readouterr()
    assert main([*args, "ingest", "--quiet", "--collection", "district", str(path)]) == 0
    assert "change notices are off for this collection" in capsys.readouterr().out
    assert main([*args, "log", "changes", "--json"]) == 0
    [change] = json.loads(capsys.readouterr().out)["changes"]
    assert change["notices"] == [] and change["doc_id"] == "gbxx"     # still on the "what changed" page


def test_the_opt_out_must_be_true_or_false(tmp_path):
    (tmp_path / "app.yaml").write_text("collections:\n  district:\n    change_notices: maybe\n", encoding="utf-8")
    with pytest.raises(ValueError, match="collections.district.change_notices: expected true or false"):
        load_settings(path=tmp_path / "app.yaml", env={})
    assert load_settings(path=tmp_path / "none.yaml", env={}).change_notices_for("anything") is True


def test_log_changes_with_nothing_recorded(tmp_path, capsys):
    assert main(["--data-dir", str(tmp_path / "data"), "log", "changes"]) == 0
    assert "no policy changes recorded yet" in capsys.readouterr().out
    assert main(["--data-dir", str(tmp_path / "data"), "log", "changes", "--limit", "0"]) == 2
