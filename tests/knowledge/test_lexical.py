from knowledge.lexical import LexicalIndex, _edit_distance
from knowledge.text import content_terms

TEXTS = ["Employees shall not accept current students as friends on Facebook.",
         "Staff will not use their District email address for personal social media.",
         "The District wireless network may be accessed with a password."]


def index():
    return LexicalIndex(["a", "b", "c"], TEXTS)


def test_coverage_weighs_rare_terms_and_unknown_terms_most():
    li = index()
    assert li.coverage(0, content_terms("friend students on facebook")) == 1.0
    assert li.coverage(0, content_terms("sick leave for students")) < 0.4


def test_group_coverage_counts_alternatives_once():
    li = index()
    groups = [frozenset({"dm", "message", "email"}), frozenset({"student"})]
    assert li.group_coverage(1, groups) > 0.4          # "email" stands for the DM group
    assert li.group_coverage(2, groups) == 0.0


def test_typos_map_to_known_words_but_real_unknown_words_do_not():
    li = index()
    assert li.correct("frend") == "friend" and li.correct("emial") == "email" and li.correct("facebok") == "facebook"
    assert li.correct("insurance") is None and li.correct("friend") is None and li.correct("dog") is None


def test_edit_distance():
    assert _edit_distance("emial", "email", 2) == 1      # a swap is one edit
    assert _edit_distance("abc", "xyz", 1) == 2          # gives up past the limit
    assert _edit_distance("studnt", "student", 1) == 1


def test_bm25_ranks_rare_and_repeated_terms_first():
    li = LexicalIndex(["a", "b", "c", "d"], [
        "students students texting", "students email", "district password network", "students"])
    ranked = li.search(content_terms("texting students"), 3)
    assert [li.ids[r] for r, _ in ranked][:1] == ["a"]
    assert all(score > 0 for _, score in ranked) and len(ranked) == 3     # "c" shares no term
    assert li.search(content_terms("insurance"), 3) == []
