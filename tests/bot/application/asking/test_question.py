"""Cleaning questions the same way on every platform: control characters, length cap, junk."""
from __future__ import annotations

from bot.application.asking.question import Question, clean_text, has_words, truncation_note


def test_nul_and_control_characters_are_removed_and_whitespace_collapsed():
    text, length = clean_text("can I\x00 text\x07 my\tteam?\r\n\u202e\u200b", 2000)
    assert text == "can I text my team?"
    assert length == len(text)


def test_emoji_with_joiners_survive_cleaning():
    family = "👩\u200d👩\u200d👧"
    assert clean_text(f"{family} can I post?", 100)[0] == f"{family} can I post?"


def test_length_is_capped_and_the_original_length_kept():
    text, length = clean_text("a" * 5000, 2000)
    assert len(text) == 2000 and length == 5000
    assert "5,000 characters" in truncation_note(length, 2000)
    assert truncation_note(10, 2000) == ""
    q = Question(platform="slack", text="b" * 3000).cleaned(2000)
    assert len(q.text) == 2000 and q.length == 3000


def test_words_need_a_letter_in_some_script():
    assert has_words("can I text my team?")
    assert has_words("¿Puedo enviar un mensaje?") and has_words("生徒にメールできますか")
    for junk in ("👍👍", "???", "...!", "123 456", "", "   ", "🙂 :) <3"):
        assert not has_words(junk), junk


def test_a_clean_question_is_not_cleaned_again():
    # A chat question is cleaned when the inbox takes it; answering it later must not apply the policy twice.
    raw = Question(platform="cli", text="  can I\x00  post?  ")
    assert not raw.is_clean
    clean = raw.cleaned(2000)
    assert clean.is_clean and clean.text == "can I post?" and clean.length == len("can I post?")
    stored = Question(platform="slack", text="x" * 50, length=5000)      # as the inbox hands it back
    assert stored.cleaned(10) is stored


def test_one_cleaning_policy_one_cap_one_note_in_the_source():
    """Nothing outside the ask service reads the cap, cleans a question or words the truncation note."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[4]
    readers, cleaners, notes = set(), set(), set()
    for path in list((root / "bot").rglob("*.py")) + list((root / "knowledge").rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        name = path.relative_to(root).as_posix()
        if "settings.retrieval.max_question_chars" in source:
            readers.add(name)
        if "clean_text(" in source:
            cleaners.add(name)
        if "were read" in source:
            notes.add(name)
    assert readers == {"bot/application/asking/service.py"}
    assert cleaners == {"bot/application/asking/question.py", "bot/application/asking/service.py"}
    assert notes == {"bot/application/asking/question.py"}
