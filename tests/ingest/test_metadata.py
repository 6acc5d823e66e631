"""Document metadata read from every shared policy (checked against a table written by reading them),
and from the label/date/code shapes districts use."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from ingest.chunk_policy import chunk_policy
from ingest.loaders import load_text
from ingest.metadata import code_of, dated_note
from tests.ingest.shared_docs import SHARED

TABLE = Path(__file__).parent / "data" / "shared_metadata.csv"
ROWS = list(csv.DictReader(TABLE.open(encoding="utf-8")))


@pytest.mark.skipif(SHARED is None, reason="../shared (the shared real-world corpora) is not beside the repo")
def test_table_covers_every_shared_document():
    from tests.ingest.shared_docs import shared_documents

    assert {str(p.relative_to(SHARED)) for p in shared_documents()} == {r["path"] for r in ROWS}


@pytest.mark.skipif(SHARED is None, reason="../shared (the shared real-world corpora) is not beside the repo")
@pytest.mark.parametrize("row", ROWS, ids=[r["path"].rsplit("/", 1)[-1] for r in ROWS])
def test_shared_document_metadata(row):
    doc = chunk_policy(load_text(SHARED / row["path"]), doc_id="d")
    assert (doc.meta.title, doc.meta.policy_code, doc.meta.adopted, doc.meta.revised) == (
        row["title"], row["code"], row["adopted"], row["revised"])
    assert not any(c.text.startswith(("Source:", "created:", "title:")) for c in doc.clauses)


def test_source_line_becomes_the_url():
    doc = chunk_policy("GBXX - Visitors\nSource: https://example.org/policies/gbxx\n\nVisitors must sign in.\n",
                       doc_id="v")
    assert doc.meta.url == "https://example.org/policies/gbxx" and doc.meta.policy_code == "GBXX"
    assert [c.text for c in doc.clauses] == ["Visitors must sign in."]
    assert doc.clauses[0].url == doc.meta.url


@pytest.mark.parametrize("line, adopted, revised", [
    ("Adopted: 2/2011", "2/2011", ""),
    ("Adopted 10-17-17", "10-17-17", ""),
    ("(Adopted – September 19, 2012)", "September 19, 2012", ""),
    ("Policy Date: 04/01/2021", "04/01/2021", ""),
    ("Adoption Date: March 3, 2015; Revision Date: June 1, 2019", "March 3, 2015", "June 1, 2019"),
    ("Adopted: 5/12/2009  Revised: 8/14/2014, 9/10/2020", "5/12/2009", "9/10/2020"),
    ("Approved by the Board: Sept. 9, 2019", "Sept. 9, 2019", ""),
    ("date-adoption: 2012-05-22", "2012-05-22", ""),
    ("Date Adopted: March 3, 2015 Last Revised:", "March 3, 2015", ""),
    ("Date Adopted: Last Revised: June 1, 2019", "", "June 1, 2019"),
    ("## Date Adopted: March 3, 2015", "March 3, 2015", ""),
    ("|Date Adopted:||March 3, 2015|", "March 3, 2015", ""),
    ("| **Effective:** | 03/01/2016 |", "03/01/2016", ""),
    ("| **Supersedes:** | 02/01/2012 |", "", ""),
    ("Enacted on 4th day of May, 2017", "4th day of May, 2017", ""),
])
def test_dates_in_every_common_format(line, adopted, revised):
    note = dated_note(line)
    assert note is not None
    assert note.get("adopted", [""])[0] == adopted and (note.get("revised") or [""])[-1] == revised


def test_a_sentence_about_adoption_is_not_a_date_note():
    assert dated_note("Adopted policies shall be reviewed by the Board every two years, starting 2/2011.") is None


@pytest.mark.parametrize("title, code", [
    ("GBEBB - Staff Conduct with Students", "GBEBB"),
    ("P 4310 General Attendance", "P 4310"),
    ("AR 5141.40 Health Services", "AR 5141.40"),
    ("7E Student Dress", "7E"),
    ("474 Employee Travel", "474"),
    ("0401.10 Contracts and Supplemental Contracts", "0401.10"),
    ("JICI - DANGEROUS WEAPONS IN THE SCHOOLS", "JICI"),
    ("Policy 5290 - Employee Use of Social Media Sites", "5290"),
    ("JJA-R - STUDENT TRAVEL REGULATIONS", "JJA-R"),
    ("3.0—STAFF PARKING", "3.0"),
    ("4.7.1—FIELD TRIPS", "4.7.1"),
    ("8.38 ― STAFF PARKING", "8.38"),
    ("6.5a ─ LOCKERS", "6.5a"),
    ("12.3.4 - Visitors", "12.3.4"),
    ("1. Purpose", ""),
    ("DRUG-FREE WORKPLACE", ""),
])
def test_policy_codes(title, code):
    assert code_of(title) == code


def test_label_lines_and_addresses_are_metadata_not_headings():
    text = """Policy Title: Complaints About Discrimination
Code No.: 405.2
Adoption Date: 04/12/2018
Revision Date: 01/09/2023

Anyone may file a complaint with the agency below.

Office for Civil Rights
5 Example Square, 8th Floor
Boston, MA 02109
(617) 555-0111

The district will not retaliate against anyone who files a complaint.

Legal Reference(s):
Iowa Code § 216.9
20 U.S.C. § 1681

Cross Reference(s): 102 Equal Opportunity
"""
    doc = chunk_policy(text, doc_id="c")
    assert (doc.meta.title, doc.meta.policy_code, doc.meta.adopted, doc.meta.revised) == (
        "Complaints About Discrimination", "405.2", "04/12/2018", "01/09/2023")
    assert all(c.section == "" for c in doc.clauses)
    texts = [c.text for c in doc.clauses]
    assert "The district will not retaliate against anyone who files a complaint." in texts
    assert not any("555-0111" in t or "Boston" in t or "1681" in t for t in texts)
    assert any("555-0111" in a for a in doc.addresses)
    assert any("1681" in r for r in doc.references) and any("Equal Opportunity" in r for r in doc.references)


def test_phone_numbers_amounts_and_times_are_not_list_markers():
    text = """Meal Allowances

Employees traveling on district business are reimbursed as follows.

Employee Allotment - Breakfast - $5.00, Lunch - $8.00
(617) 565-3200 is the number to call with questions.
10. 30 a.m. is the deadline for claims.
"""
    doc = chunk_policy(text, doc_id="m")
    texts = [c.text for c in doc.clauses]
    assert "Employee Allotment - Breakfast - $5.00, Lunch - $8.00" in texts
    assert any(t.startswith("(617) 565-3200") for t in texts)
    assert all(c.locator.startswith("¶") for c in doc.clauses)


def test_inline_bullets_and_run_together_numbers_split():
    text = """Dress Code

The following are not permitted: - Hats indoors - Clothing with offensive slogans - Bare feet

Prohibited items include 1.Shorts above mid-thigh 2.Tank tops 3.Flip-flops in labs
"""
    doc = chunk_policy(text, doc_id="d")
    texts = [c.text for c in doc.clauses]
    assert texts == ["The following are not permitted:", "Hats indoors", "Clothing with offensive slogans",
                     "Bare feet", "Prohibited items include", "Shorts above mid-thigh", "Tank tops",
                     "Flip-flops in labs"]
    hats = doc.clauses[1]
    assert hats.locator == "item 1" and hats.lead_in == "The following are not permitted:"


def test_hard_wrapped_item_rejoins():
    text = """Keys

- Staff may request a key for their classroom, and the key remains the property of the
District and must be returned on leaving.
- Lost keys are reported at once.
"""
    doc = chunk_policy(text, doc_id="k")
    assert [c.text for c in doc.clauses] == [
        "Staff may request a key for their classroom, and the key remains the property of the District and must "
        "be returned on leaving.", "Lost keys are reported at once."]


def test_headings_and_rules_that_look_like_labels_stay_text():
    text = """Records Policy

Records are kept safe.

History

The district keeps records of its history for ten years.

Authority: the Superintendent shall decide who may view records.

Approved Vendors

Only approved vendors may store records.
"""
    doc = chunk_policy(text, doc_id="r")
    assert [h[2] for h in doc.headings] == ["History", "Approved Vendors"]
    assert "Authority: the Superintendent shall decide who may view records." in [c.text for c in doc.clauses]
    assert doc.references == []


def test_rule_typed_as_a_heading_stays_a_clause_and_wrapped_title_case_line_rejoins():
    text = """# Fundraising

Fundraisers raise money for school activities.

## ALL BUILDING FUNDRAISERS NEED THE PRINCIPAL'S APPROVAL IN WRITING.

1. Hold regular meetings with the committees that include the district Family Engagement
Committee and the district Parent Advisory Council
2. Report each year.
"""
    doc = chunk_policy(text, doc_id="f")
    texts = [c.text for c in doc.clauses]
    assert "ALL BUILDING FUNDRAISERS NEED THE PRINCIPAL'S APPROVAL IN WRITING." in texts
    assert ("Hold regular meetings with the committees that include the district Family Engagement Committee and "
            "the district Parent Advisory Council") in texts
    assert [h[2] for h in doc.headings] == []


def test_hostile_front_matter_is_text_not_yaml():
    bomb = "---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n" \
           "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\ntitle: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n---\n\n" \
           "Staff sign in.\n"
    doc = chunk_policy(bomb, doc_id="b")
    assert "Staff sign in." in [c.text for c in doc.clauses]
    assert len(doc.meta.title) < 200


def test_date_note_run_into_the_last_paragraph_is_cut_off():
    text = """# 2.4—STAFF KEYS

Keys are returned on the last working day. Date Adopted: May 4, 2010 Last Revised:
"""
    doc = chunk_policy(text, doc_id="k")
    assert (doc.meta.title, doc.meta.policy_code, doc.meta.adopted, doc.meta.revised) == ("2.4—STAFF KEYS", "2.4", "May 4, 2010", "")
    assert [c.text for c in doc.clauses] == ["Keys are returned on the last working day."]


def test_date_note_after_a_reference_block_ends_the_block():
    text = """# 2.5—STAFF PARKING

Staff park in the marked bays.

Legal Reference: State Code 1-2-3

Date Adopted: Last Revised: June 5, 2015
"""
    doc = chunk_policy(text, doc_id="p")
    assert (doc.meta.adopted, doc.meta.revised) == ("", "June 5, 2015")
    assert doc.references == ["State Code 1-2-3"]


def test_effective_date_table_dates_the_version_in_force():
    text = """---
description: Staff parking
---

# 12.3.4 - Parking

| **Effective:** | 03/01/2016 |
| :--- | :--- |
| **Supersedes:** | 02/01/2012 |

## I. POLICY

Staff park in the marked bays.
"""
    doc = chunk_policy(text, doc_id="o")
    # Effective is when this text took force; Supersedes dates the version it replaced, not this one.
    assert (doc.meta.title, doc.meta.policy_code, doc.meta.adopted, doc.meta.revised) == ("12.3.4 - Parking", "12.3.4", "03/01/2016", "")
    assert not any("2012" in c.text or "Effective" in c.text for c in doc.clauses)
    assert "Staff park in the marked bays." in [c.text for c in doc.clauses]


def test_table_row_of_labels_takes_the_dates_ending_the_next_cell():
    text = """# 2.6—STAFF LOCKERS

Lockers are assigned each autumn.

|Legal References: Date Adopted: Last Revised:|State Code 1-2-3 May 4, 2010 June 5, 2015|
"""
    doc = chunk_policy(text, doc_id="l")
    assert (doc.meta.adopted, doc.meta.revised) == ("May 4, 2010", "June 5, 2015")
    assert not any("Adopted" in c.text or "2015" in c.text for c in doc.clauses)


def test_title_lists_and_code_sequences_do_not_start_a_policy():
    from ingest.split_manual import split_manual

    text = """# 2.7 – STAFF TRAINING

Training is offered each term.

Cross References:

4.1—FIRE DRILLS
4.2—FIRST AID

Lanes run in order:

MA – MA+15 – MA+30 – PHD

Date Adopted: May 4, 2010 Last Revised:
"""
    assert len(split_manual(text)) == 1
