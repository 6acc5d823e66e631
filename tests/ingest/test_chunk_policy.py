from pathlib import Path

from ingest.chunk_policy import chunk_policy, clean_text
from tests.conftest import BUNDLED, FIXTURES

JNDC = (BUNDLED / "jndc-employee-use-of-social-media.txt").read_text(encoding="utf-8")
KIMBERLY = (BUNDLED / "kimberly-5290-employee-use-of-social-media.txt").read_text(encoding="utf-8")


def by_text(doc, fragment):
    matches = [c for c in doc.clauses if fragment in c.text]
    assert matches, f"no clause contains {fragment!r}"
    return matches[0]


def test_messy_text_comes_out_clean():
    doc = chunk_policy(JNDC, doc_id="jndc")
    for c in doc.clauses:
        assert "\u00a0" not in c.text and "  " not in c.text and not c.text.startswith(("•", "1."))
        assert c.text == c.text.strip()


def test_title_code_and_dates():
    doc = chunk_policy(JNDC, doc_id="jndc")
    assert doc.meta.title == "JNDC Employee Use of Social Media Sites"
    assert doc.meta.policy_code == "JNDC" and doc.meta.adopted == "10/12/16"
    kim = chunk_policy(KIMBERLY, doc_id="kimberly")
    assert kim.meta.policy_code == "5290" and kim.meta.adopted == "January 18, 2023" and kim.meta.revised == ""
    assert not any("Adopted on" in c.text or "Policy History" in c.text for c in kim.clauses)


def test_every_numbered_rule_written_as_1_is_numbered_by_position():
    doc = chunk_policy(JNDC, doc_id="jndc")
    rules = [c for c in doc.clauses if c.section == "POSTING TO SOCIAL MEDIA SITES AND TEXTING OF STUDENTS"
             and c.locator.startswith("item")]
    assert [c.locator for c in rules] == [f"item {i}" for i in range(1, 11)]


def test_bullets_carry_their_lead_in_and_section():
    doc = chunk_policy(JNDC, doc_id="jndc")
    friends = by_text(doc, "Listing current students as friends")
    assert friends.section == "CONTACT WITH STUDENTS" and friends.locator == "item 1"
    assert "Informal and/or social involvement with students is therefore prohibited." in friends.lead_in
    assert friends.citation_path == "JNDC Employee Use of Social Media Sites › CONTACT WITH STUDENTS › item 1"


def test_subheadings_build_a_path_and_title_block_is_not_a_section():
    doc = chunk_policy(JNDC, doc_id="jndc")
    notify = by_text(doc, "should contact their Supervisor or designee")
    assert notify.section == "RULES CONCERNING DISTRICT-SPONSORED SOCIAL MEDIA ACTIVITY › Notify the District"
    assert not any("INCLUDING PERSONAL SITES" in c.section for c in doc.clauses)


def test_long_paragraphs_are_cut_at_sentences_and_clauses_stay_short():
    doc = chunk_policy(JNDC, doc_id="jndc")
    from knowledge.text import split_sentences

    assert all(len(c.text) <= 420 or len(split_sentences(c.text)) == 1 for c in doc.clauses)
    parts = [c for c in doc.clauses if c.section == "PERSONAL SITES" and c.locator.startswith("¶ 1")]
    assert len(parts) > 1 and parts[0].locator == "¶ 1 (part 1)"
    assert " ".join(p.text for p in parts).startswith("The board respects the right of employees")


def test_nested_items_and_markdown_headings():
    text = (FIXTURES / "policies" / "westada-0403.57-staff-technology-acceptable-use.txt").read_text(encoding="utf-8")
    doc = chunk_policy(text, doc_id="westada-0403-57")
    assert doc.meta.policy_code == "0403.57" and doc.meta.adopted == "2019-10-08"
    gain = by_text(doc, "Personal financial gain")
    assert gain.section == "Unacceptable Uses of District Technology" and gain.locator == "item 7.1"
    assert "Using District technology including the electronic mail system" in gain.lead_in
    assert by_text(doc, "Attempting to bypass").locator == "item 8"


def test_clause_ids_are_stable_and_content_addressed():
    a = chunk_policy(KIMBERLY, doc_id="k")
    b = chunk_policy(KIMBERLY.replace("monitor it regularly", "monitor it weekly"), doc_id="k")
    assert [c.id for c in a.clauses] == [c.id for c in chunk_policy(KIMBERLY, doc_id="k").clauses]
    changed = set(c.id for c in a.clauses) ^ set(c.id for c in b.clauses)
    assert len(changed) == 2


def test_pdf_style_wrapped_lines_are_rejoined():
    text = "Title Of Policy\n\nEmployees shall not post confidential information\nabout students or staff.\n\n- Rule one is\n  continued here."
    doc = chunk_policy(text, doc_id="x")
    assert [c.text for c in doc.clauses] == [
        "Employees shall not post confidential information about students or staff.",
        "Rule one is continued here.",
    ]


def test_clean_text_removes_invisible_junk():
    assert clean_text("a\u00a0b\u200b\r\nc  ") == "a b\nc"


def test_numbered_and_section_headings_and_page_furniture():
    text = """Board Policy 4040 Employee Use of Technology

1. Purpose

The Board expects staff to use technology responsibly.

Page 1 of 2

Section 2. Personal Use

Staff may use district devices for limited personal purposes.

Staff shall not use devices for:

1. Personal financial gain
2. Political campaigning
"""
    doc = chunk_policy(text, doc_id="p4040")
    assert doc.meta.policy_code == "4040"
    by = {c.text: c for c in doc.clauses}
    assert by["The Board expects staff to use technology responsibly."].section == "1. Purpose"
    assert by["Staff may use district devices for limited personal purposes."].section == "Section 2. Personal Use"
    gain = by["Personal financial gain"]
    assert gain.locator == "item 1" and gain.lead_in == "Staff shall not use devices for:"
    assert by["Political campaigning"].locator == "item 2"
    assert not any("Page 1" in c.text for c in doc.clauses)
