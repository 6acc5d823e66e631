"""`policybot ask` end to end on the bundled policies (real model, real Chroma)."""
import io
import json
import subprocess
import sys

import pytest

from bot.cli.main import main
from tests.conftest import ROOT

JSON_FIELDS = {"question", "verdict", "escalate", "escalation_reason", "summary", "conditions", "citations",
               "rulings", "collection", "note",
               "staff_group", "staff_groups"}     # added by issue 16 (staff groups); the rest never change
CITATION_FIELDS = {"clause_id", "document", "section", "locator", "text", "score", "lead_in", "policy_code",
                   "adopted", "revised", "url", "stance", "path", "organization", "links"}


@pytest.fixture
def data_dir(bundled_data):
    return str(bundled_data)


def test_human_answer(data_dir, capsys):
    assert main(["--data-dir", data_dir, "ask", "can I give a student my cell number?"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("⚠️ ALLOWED WITH CONDITIONS")
    assert "without prior approval" in out and "› CONTACT WITH STUDENTS › item 4" in out


def test_json_fields_are_stable(data_dir, capsys):
    assert main(["--data-dir", data_dir, "ask", "--json", "Can I friend a student on Facebook?"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert set(answer) == JSON_FIELDS
    assert answer["verdict"] == "prohibited" and answer["escalate"] is False
    assert set(answer["citations"][0]) == CITATION_FIELDS
    assert "friends" in answer["citations"][0]["text"]


def test_stdin_one_answer_per_line(data_dir, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("can I text my team?\nhow do I enroll in health insurance?\n"))
    assert main(["--data-dir", data_dir, "ask", "--json"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 2
    second = json.loads(lines[1])
    assert second["verdict"] == "not_covered" and second["escalate"] and second["citations"] == []


def test_stdin_every_line_gets_exactly_one_json_line_and_the_exit_code_says_some_failed(data_dir, capsys,
                                                                                      monkeypatch):
    questions = ["can I text my team?", "", "👍 ?!", "Can I friend a student on Facebook?", "   ", "!!!"]
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n".join(questions) + "\n"))
    assert main(["--data-dir", data_dir, "ask", "--json"]) == 2
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(lines) == len(questions)
    assert [line.get("error") for line in lines] == [None, "empty", "no_words", None, "empty", "no_words"]
    assert set(lines[0]) == JSON_FIELDS and lines[3]["verdict"] == "prohibited"     # answers keep their fields
    assert lines[2] == {"question": "👍 ?!", "error": "no_words", "message": "no question in this line (no words)"}


def test_stdin_text_mode_one_record_per_line(data_dir, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("Can I friend a student on Facebook?\n🙂\n\ncan I text my team?\n"))
    assert main(["--data-dir", data_dir, "ask"]) == 2
    records = [r.strip() for r in capsys.readouterr().out.split("-" * 40) if r.strip()]
    assert len(records) == 4
    assert records[0].startswith("⛔ NOT ALLOWED")
    assert records[1] == "(no answer) no question in this line (no words)"
    assert records[2] == "(no answer) the line is empty; write one question per line"


def test_stdin_all_answered_exits_0(data_dir, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("can I text my team?\n"))
    assert main(["--data-dir", data_dir, "ask"]) == 0


def test_very_long_question_is_bounded(data_dir, capsys):
    assert main(["--data-dir", data_dir, "ask", "--json", "can I text students? " * 5000]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert "characters long" in answer["note"] and len(answer["question"]) <= 2000


def test_empty_question_exits_2(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "bot.cli.main", "--data-dir", str(tmp_path), "ask", "   "],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and "empty" in proc.stderr


def test_sources_and_remove(bundled_data, capsys):
    data = bundled_data
    assert main(["--data-dir", str(data), "sources"]) == 0
    out = capsys.readouterr().out
    assert "kimberly-5290-employee-use-of-social-media" in out and "adopted January 18, 2023" in out
    assert main(["--data-dir", str(data), "remove", "jndc-employee-use-of-social-media"]) == 0
    assert main(["--data-dir", str(data), "remove", "nope"]) == 1


def test_answer_is_printed_when_the_question_log_is_down(data_dir, capsys, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:9/none?connect_timeout=2")
    assert main(["--data-dir", data_dir, "ask", "--json", "Can I friend a student on Facebook?"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["verdict"] == "prohibited"
    assert "question log is unavailable" in err and "Traceback" not in err


def test_nul_bytes_never_reach_postgresql(data_dir, capsys, monkeypatch):
    from tests.bot.application.escalations.db import database_url, drop_database

    url = database_url("postgresql", None)
    monkeypatch.setenv("DATABASE_URL", url)
    try:
        assert main(["--data-dir", data_dir, "ask", "--json", "can I\x00 friend a student\x00 on Facebook?"]) == 0
        out, err = capsys.readouterr()
        assert json.loads(out)["question"] == "can I friend a student on Facebook?" and err == ""
    finally:
        drop_database(url)


def test_a_message_without_words_asks_for_a_question(data_dir, capsys):
    from bot.application.escalations.store import EscalationStore

    assert main(["--data-dir", data_dir, "ask", "👍 ?!"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "Please ask a question" in err
    store = EscalationStore.open(f"sqlite:///{data_dir}/policybot.db")
    assert store.list_escalations() == []


README_REASONS = {"not_covered", "conflict", "asked_for_person"}      # README, "The JSON answer (a public interface)"


def test_json_pins_the_reason_codes_and_stance_words(data_dir, capsys):
    """The field names and the code strings `ask --json` prints: what scripts read (README's JSON section)."""
    from knowledge.language import StanceKind
    from knowledge.models import EscalationReason

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    documented = readme.split("### The JSON answer (a public interface)", 1)[1].split("```", 2)[1]
    assert all(f'"{code}"' in documented for code in README_REASONS)
    assert {r.value for r in EscalationReason} - {"expired"} == README_REASONS   # expired: inbox questions only
    questions = ["Can I take a sick day to care for my mother?", "can I give a student my cell number? I'd like to "
                 "talk to a human", "Can I friend a student on Facebook?"]
    answers = []
    for q in questions:
        assert main(["--data-dir", data_dir, "ask", "--json", q]) == 0
        answers.append(json.loads(capsys.readouterr().out))
    assert [set(a) for a in answers] == [JSON_FIELDS] * 3
    assert [a["escalation_reason"] for a in answers] == ["not_covered", "asked_for_person", None]
    assert [a["escalate"] for a in answers] == [True, True, False]
    stances = {c["stance"] for a in answers for c in a["citations"]}
    assert stances and stances <= {k.value for k in StanceKind} and all(type(s) is str for s in stances)
    assert all(set(c) == CITATION_FIELDS for a in answers for c in a["citations"])


def test_the_one_cap_set_in_app_yaml_bounds_a_cli_question_with_one_note(data_dir, tmp_path, capsys):
    config = tmp_path / "app.yaml"
    config.write_text("retrieval:\n  max_question_chars: 60\n", encoding="utf-8")
    question = "can I give a student\x00 my cell\x07 number? " + "please " * 400
    assert main(["--config", str(config), "--data-dir", data_dir, "ask", "--json", question]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert len(answer["question"]) <= 60 and answer["question"].startswith("can I give a student my cell number?")
    assert answer["note"].count("only the first 60 were read") == 1
