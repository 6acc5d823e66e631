"""The whole flow without Slack or Teams: ask something not covered, find it in the queue,
answer it as a ruling, and see the ruling on the next similar question."""
import json

from bot.cli.main import main
from bot.application.escalations.store import EscalationStore


def test_ask_escalate_answer_ruling(bundled_data, capsys):
    data = bundled_data
    base = ["--data-dir", str(data)]

    assert main(base + ["ask", "--json", "Can I take a sick day to care for my mother?"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert first["verdict"] == "not_covered" and first["escalate"] and first["rulings"] == []

    store = EscalationStore.open(f"sqlite:///{data / 'policybot.db'}")
    [esc] = store.list_escalations(status="open")
    assert esc.platform == "cli" and esc.reason == "not_covered" and esc.question.startswith("Can I take a sick day")
    logged = store.get_question(esc.question_id)
    assert logged.verdict == "not_covered" and logged.escalated

    assert main(base + ["escalations", "answer", str(esc.id), "Yes: sick leave covers care of a parent (see HR 4.2).",
                        "--ruling", "--by", "Dr. Admin"]) == 0
    capsys.readouterr()
    assert store.get(esc.id).status == "answered"

    assert main(base + ["ask", "--json", "can I use a sick day to look after my mom?"]) == 0
    second = json.loads(capsys.readouterr().out)
    assert second["rulings"] and second["rulings"][0]["answer"].startswith("Yes: sick leave")
    assert second["rulings"][0]["answered_by"] == "Dr. Admin"
    assert not second["escalate"]                     # the ruling settles it; no second escalation
    assert len(store.list_escalations()) == 1

    assert main(base + ["ask", "can I use a sick day to look after my mom?"]) == 0
    human = capsys.readouterr().out
    assert "Administrator's ruling (not policy text) by Dr. Admin" in human

    # an unrelated question does not get the ruling
    assert main(base + ["ask", "--json", "Can I friend a student on Facebook?"]) == 0
    assert json.loads(capsys.readouterr().out)["rulings"] == []
