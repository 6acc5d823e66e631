"""`policybot ingest --group`, `ask --group` and `sources` with staff groups (real model, real Chroma)."""
import json

import pytest

from bot.cli.main import main

LICENSED = ("# 3.8—LICENSED PERSONNEL SICK LEAVE\n\n## Sick Leave\n\n"
            "Employees earn one day of sick leave for each month of their contract.\n")
CLASSIFIED = ("# 8.5—CLASSIFIED EMPLOYEES SICK LEAVE\n\n## Sick Leave\n\n"
              "Employees earn five days of sick leave for each contract year.\n")
DRESS = "# 9.1—STAFF DRESS\n\nEmployees shall dress professionally.\n"


@pytest.fixture
def data_dir(tmp_path, capsys):
    folder = tmp_path / "manual"
    folder.mkdir()
    for name, text in (("3-08-sick-leave.md", LICENSED), ("8-05-sick-leave.md", CLASSIFIED), ("9-01-dress.md", DRESS)):
        (folder / name).write_text(text, encoding="utf-8")
    data = str(tmp_path / "data")
    assert main(["--data-dir", data, "ingest", "-q", "--collection", "grp", str(folder)]) == 0
    capsys.readouterr()
    return data


def ask(data_dir, capsys, *args) -> dict:
    assert main(["--data-dir", data_dir, "ask", "--collection", "grp", "--json", *args,
                 "how many sick days do I earn?"]) == 0
    return json.loads(capsys.readouterr().out)


def test_group_flag_answers_from_that_group_s_version(data_dir, capsys):
    plain = ask(data_dir, capsys)
    assert set(plain["staff_groups"]) == {"licensed", "classified"}
    classified = ask(data_dir, capsys, "--group", "classified")
    assert classified["citations"][0]["clause_id"].startswith("8-05-sick-leave:")
    assert classified["staff_group"] == "classified" and classified["staff_groups"] == []
    assert all(not c["clause_id"].startswith("3-08") for c in classified["citations"])
    teacher = ask(data_dir, capsys, "--group", "certificated")
    assert teacher["citations"][0]["clause_id"].startswith("3-08-sick-leave:") and teacher["staff_group"] == "licensed"


def test_text_mode_says_whose_version_and_how_to_choose(data_dir, capsys):
    assert main(["--data-dir", data_dir, "ask", "--collection", "grp", "how many sick days do I earn?"]) == 0
    out = capsys.readouterr().out
    assert "Staff group: This is the version for" in out and "--group GROUP" in out


def test_unknown_groups_are_refused(data_dir, capsys, tmp_path):
    assert main(["--data-dir", data_dir, "ask", "--group", "janitors", "how many sick days?"]) == 2
    assert "--group: unknown staff group" in capsys.readouterr().err
    assert main(["--data-dir", data_dir, "ingest", "--group", "wizards", str(tmp_path / "manual")]) == 2
    assert "--group: unknown staff group" in capsys.readouterr().err


def test_sources_show_groups_and_ingest_group_sets_them(data_dir, capsys, tmp_path):
    assert main(["--data-dir", data_dir, "sources", "--collection", "grp", "--json"]) == 0
    docs = {d["doc_id"]: d["groups"] for d in json.loads(capsys.readouterr().out)["documents"]}
    assert docs == {"3-08-sick-leave": ["licensed"], "8-05-sick-leave": ["classified"], "9-01-dress": []}
    assert main(["--data-dir", data_dir, "ingest", "-q", "--collection", "grp", "--group", "coaches",
                 str(tmp_path / "manual" / "9-01-dress.md")]) == 0
    capsys.readouterr()
    assert main(["--data-dir", data_dir, "sources", "--collection", "grp"]) == 0
    assert "9.1—STAFF DRESS  [for coaches]" in capsys.readouterr().out


def test_dry_run_shows_the_groups_each_document_would_get(tmp_path, capsys):
    folder = tmp_path / "m"
    folder.mkdir()
    (folder / "8-05.md").write_text(CLASSIFIED, encoding="utf-8")
    (folder / "9-01.md").write_text(DRESS, encoding="utf-8")
    assert main(["--data-dir", str(tmp_path / "d"), "ingest", "--dry-run", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "8-05: 8.5—CLASSIFIED EMPLOYEES SICK LEAVE  (code 8.5, for classified)" in out
    assert "9-01: 9.1—STAFF DRESS  (code 9.1)" in out
    assert main(["--data-dir", str(tmp_path / "d"), "ingest", "--dry-run", "--group", "coaches", str(folder)]) == 0
    assert "9.1—STAFF DRESS  (code 9.1, for coaches)" in capsys.readouterr().out
