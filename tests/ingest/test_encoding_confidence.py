"""A guessed text encoding is reported with its confidence, and refused below `ingest.min_encoding_confidence`."""
from __future__ import annotations

import json
import random

import pytest

from bot.cli.main import main
from ingest.loaders import Limits, LoadError, guess_confidence, load_file
from ingest.pipeline import ingest_paths
from bot.application.settings import load_settings
from knowledge.settings import IngestSettings
from knowledge.store.chroma_store import ChromaStore

SPANISH = ("Política de Uso Aceptable\n\nLos empleados no compartirán contraseñas con nadie, según la política "
           "del distrito. La información confidencial de los estudiantes está protegida en todo momento.\n")
RUSSIAN = "Политика школы\n\nСотрудники не должны добавлять учеников в друзья в социальных сетях.\n" * 3


def garbled(seed: int = 1, hits: int = 30) -> bytes:
    """English text with bytes that are neither UTF-8 nor cp1252 sprinkled through it (a damaged file)."""
    rng = random.Random(seed)
    data = bytearray(b"Employees shall not contact students through personal social media accounts. " * 4)
    for _ in range(hits):
        data[rng.randrange(len(data))] = rng.randrange(0x80, 0x100)
    return bytes(data)


def test_a_confident_guess_is_read_and_reported_with_its_confidence(tmp_path):
    path = tmp_path / "legacy.txt"
    path.write_bytes(SPANISH.encode("cp1252"))
    loaded = load_file(path)
    assert loaded.encoding == "cp1252" and loaded.confidence >= 0.8
    assert loaded.encoding_note == f"not UTF-8; encoding guessed: cp1252, confidence {loaded.confidence:.2f}"
    russian = tmp_path / "ru.txt"
    russian.write_bytes(RUSSIAN.encode("koi8-r"))
    loaded = load_file(russian)
    assert "Сотрудники" in loaded.text and loaded.confidence >= 0.8


def test_utf8_is_certain(tmp_path):
    path = tmp_path / "p.txt"
    path.write_text(SPANISH, encoding="utf-8")
    loaded = load_file(path)
    assert (loaded.encoding, loaded.confidence, loaded.encoding_note) == ("utf-8", 1.0, "")


def test_an_unsure_guess_is_refused_naming_the_setting(tmp_path):
    path = tmp_path / "damaged.txt"
    path.write_bytes(garbled())
    with pytest.raises(LoadError, match=r"encoding could only be guessed \(.*, confidence 0\.\d\d, below 0.8: "
                                        r"setting ingest.min_encoding_confidence\)"):
        load_file(path)
    loaded = load_file(path, Limits(min_encoding_confidence=0.0))       # an operator who accepts the guess
    assert loaded.confidence < 0.8 and "confidence" in loaded.encoding_note


def test_the_report_carries_encoding_and_confidence_per_file(tmp_path, settings, hash_embedder):
    good, unsure, plain = tmp_path / "legacy.txt", tmp_path / "damaged.txt", tmp_path / "plain.txt"
    good.write_bytes(SPANISH.encode("cp1252"))
    unsure.write_bytes(garbled())
    plain.write_text("Staff shall sign in at the office.\n", encoding="utf-8")
    report = ingest_paths(ChromaStore(settings).collection("enc"), hash_embedder, [good, unsure, plain])
    by_path = {d.path: d for d in report.documents}
    assert by_path[str(good)].encoding == "cp1252" and by_path[str(good)].encoding_confidence >= 0.8
    assert "ingest.min_encoding_confidence" in by_path[str(unsure)].error
    assert (by_path[str(plain)].encoding, by_path[str(plain)].encoding_confidence) == ("utf-8", 1.0)


def test_ingest_json_reports_the_encoding_per_file(tmp_path, bundled_data, capsys):
    good, unsure = tmp_path / "legacy.txt", tmp_path / "damaged.txt"
    good.write_bytes(SPANISH.encode("cp1252"))
    unsure.write_bytes(garbled())
    assert main(["--data-dir", str(bundled_data), "ingest", "--quiet", "--json", "--collection", "enc",
                 str(good), str(unsure)]) == 1
    report = json.loads(capsys.readouterr().out)
    [ok] = [d for d in report["documents"] if not d["error"]]
    [refused] = [d for d in report["documents"] if d["error"]]
    assert ok["encoding"] == "cp1252" and ok["encoding_confidence"] >= 0.8 and "confidence" in ok["note"]
    assert refused["path"] == str(unsure) and "ingest.min_encoding_confidence" in refused["error"]
    assert report["failed"] == 1


def test_the_setting_is_read_and_checked(tmp_path):
    assert IngestSettings().min_encoding_confidence == 0.8
    config = tmp_path / "app.yaml"
    config.write_text("ingest:\n  min_encoding_confidence: 0.5\n", encoding="utf-8")
    assert load_settings(path=config, env={}).ingest.min_encoding_confidence == 0.5
    with pytest.raises(ValueError, match="ingest.min_encoding_confidence"):
        IngestSettings(min_encoding_confidence=2)


def test_confidence_scale():
    assert guess_confidence(0.0) == 1.0 and guess_confidence(0.2) == 0.0 and guess_confidence(0.05) == 0.75
