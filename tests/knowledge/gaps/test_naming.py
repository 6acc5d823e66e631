"""A topic is named by words frequent in it and rare across the period's questions."""
from __future__ import annotations

from knowledge.gaps.naming import document_frequencies, question_stems, topic_words

TOPIC = ["Can I take a sick day to care for my mother?", "may I use sick leave to look after my sick mom?",
         "Is sick leave allowed for caring for a parent?"]
PERIOD = TOPIC + ["Can I take a student to the store?", "Can I use my phone in class?",
                  "May I use the school van for a field trip?", "Can I take photos of my class?"]


def test_words_frequent_in_the_topic_and_rare_elsewhere_name_it():
    frequencies, total = document_frequencies(PERIOD)
    name = topic_words(TOPIC, frequencies, total)
    assert name[0] == "sick" and "leave" in name
    assert not {"take", "use", "can", "may", "my", "i"} & set(name)     # common across the period, or stopwords


def test_stopwords_digits_and_single_letters_never_name_a_topic():
    assert set(question_stems("Can I do it in 2 days? x")) == {"day"}


def test_a_stem_shows_the_form_the_topic_uses_most():
    texts = ["texting parents", "texting a parent at night", "texts to parents"]
    frequencies, total = document_frequencies(texts + ["grading policy"])
    assert topic_words(texts, frequencies, total, limit=2) == ["parents", "texting"]


def test_naming_is_deterministic_on_ties():
    texts = ["alpha beta", "beta alpha"]
    frequencies, total = document_frequencies(texts)
    assert topic_words(texts, frequencies, total) == ["alpha", "beta"]
    assert topic_words(list(reversed(texts)), frequencies, total) == ["alpha", "beta"]


def test_a_single_question_topic_and_an_empty_one():
    frequencies, total = document_frequencies(["bus duty rota"])
    assert topic_words(["bus duty rota"], frequencies, total) == ["bus", "duty", "rota"]
    assert topic_words(["?!"], frequencies, total) == []
