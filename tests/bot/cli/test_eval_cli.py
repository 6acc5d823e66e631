"""`policybot eval` and `policybot eval-contractnli` end to end (real model, real Chroma, private data dir)."""
import json

import pytest

from bot.cli.main import main
from tests.conftest import FIXTURES

SET = """\
- {id: t1, q: "Can I share my password with a coworker?", verdict: [prohibited], clauses: ["Sharing one’s password with others"], escalate: false}
- {id: t2, q: "What's the dress code for teachers?", verdict: [not_covered], clauses: [], escalate: true}
- {id: t3, q: "Can I friend a student?", verdict: [allowed], clauses: ["a fragment that no clause contains"], escalate: true}
"""


@pytest.fixture
def data_dir(bundled_data):
    return str(bundled_data)


@pytest.fixture
def questions(tmp_path):
    path = tmp_path / "set.yaml"
    path.write_text(SET, encoding="utf-8")
    return str(path)


def test_verbose_names_the_misses_and_reingest_is_skipped(data_dir, questions, capsys):
    args = ["--data-dir", data_dir, "eval", questions, "--collection", "wa-fixtures", "--ingest", str(FIXTURES / "policies"), "-v"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"== {questions} (collection wa-fixtures)")
    assert "ingest: 3 documents, 0 unchanged" in out
    assert "questions            3" in out
    misses = {line.split("(")[0].split()[1]: line.split(":", 1)[1].split() for line in out.splitlines()
              if line.startswith("missed ")}
    assert "t3" in misses["hit@1"] and "t3" in misses["verdict"] and "t3" in misses["escalation"]
    assert "t2" not in misses["hit@1"]                 # no clauses expected: never a retrieval miss
    assert main(args) == 0
    assert "ingest: 3 documents, 3 unchanged, 0 clauses embedded" in capsys.readouterr().out


def test_json_stays_pure_with_verbose(data_dir, questions, capsys):
    assert main(["--data-dir", data_dir, "eval", questions, "--json", "-v"]) == 0
    captured = capsys.readouterr()
    figures = json.loads(captured.out.strip().splitlines()[-1])
    assert figures["questions"] == 3
    assert "missed hit@1" in captured.err


@pytest.mark.parametrize("text, message", [
    ("- {id: a, q: [unclosed", "is not valid YAML"),
    ("just: a mapping", "must hold a list of questions"),
    ("- {id: a, verdict: null}", "entry 1 has no question text"),
    ("- {id: a, q: 'x', clauses: 'not a list'}", "clauses that are not a list"),
])
def test_bad_question_files_get_one_line_errors(data_dir, tmp_path, capsys, text, message):
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    assert main(["--data-dir", data_dir, "eval", str(path)]) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_missing_paths_and_bad_collection(data_dir, questions, tmp_path, capsys):
    assert main(["--data-dir", data_dir, "eval", questions, "--collection", "x"]) == 2
    assert "invalid collection name" in capsys.readouterr().err
    assert main(["--data-dir", data_dir, "eval", str(tmp_path / "nope.yaml")]) == 2
    assert main(["--data-dir", data_dir, "eval", questions, "--ingest", str(tmp_path / "nowhere")]) == 2
    assert "no such file or folder" in capsys.readouterr().err


def test_contractnli_bad_input(data_dir, tmp_path, capsys):
    bad = tmp_path / "dev.json"
    bad.write_text("[1, 2", encoding="utf-8")
    assert main(["--data-dir", data_dir, "eval-contractnli", str(bad)]) == 2
    assert "is not a ContractNLI file" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["--data-dir", data_dir, "eval-contractnli", str(bad), "--limit", "0"])
