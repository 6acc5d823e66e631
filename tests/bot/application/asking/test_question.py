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
