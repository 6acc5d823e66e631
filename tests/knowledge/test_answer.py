"""The pure core with a hand-written retriever: verdicts, escalation and never-invented text."""
import json
import re

import pytest

from knowledge.answer import VerdictDecision, answer, decide_verdict, is_permission_question
from knowledge.language import StanceKind
from knowledge.models import Clause, EscalationReason, ScoredClause, Verdict
from knowledge.verdict import clause_stance
from knowledge.settings import RetrievalSettings

SETTINGS = RetrievalSettings(min_relevance=0.3)


def hit(text, score, lead_in="", doc="d1", section="Contact"):
    c = Clause(id=f"{doc}:{abs(hash(text))}", doc_id=doc, document=f"Policy {doc}", section=section,
               locator="item 1", text=text, lead_in=lead_in)
    return ScoredClause(c, score, score, score)


class FixedRetriever:
    def __init__(self, hits):
        self.hits = hits
        self.questions = []

    def search(self, question, k=None):
        self.questions.append(question)
        return list(self.hits)


PHONE = hit("Giving private cell phone or home phone numbers to students without prior approval of the District;",
            0.7, lead_in="Informal involvement with students is therefore prohibited. This includes:")
EMAIL = hit("Contacting students through electronic means other than the District’s email and telephone system "
            "(texting, skyping, facetime, etc.);", 0.6, lead_in="Informal involvement with students is therefore prohibited. This includes:")


def test_conditional_with_the_condition_quoted():
    a = answer("can I give a student my cell number?", retriever=FixedRetriever([PHONE]), settings=SETTINGS)
    assert a.verdict is Verdict.CONDITIONAL and not a.escalate
    assert a.conditions == ("without prior approval of the District",)
    assert "“without prior approval of the District”" in a.summary
    assert a.citations[0].path == "Policy d1 › Contact › item 1"


def test_carve_out_is_allowed():
    a = answer("can I email students from my district account?", retriever=FixedRetriever([EMAIL]), settings=SETTINGS)
    assert a.verdict is Verdict.ALLOWED
    b = answer("can I facetime a student?", retriever=FixedRetriever([EMAIL]), settings=SETTINGS)
    assert b.verdict is Verdict.PROHIBITED


def test_summary_only_quotes_clause_text():
    a = answer("can I give a student my cell number?", retriever=FixedRetriever([PHONE, EMAIL]), settings=SETTINGS)
    for quoted in re.findall(r"“([^”]*)”", a.summary):
        fragment = quoted.rstrip(" …")
        assert any(fragment in c.text for c in a.citations), fragment


def test_not_covered_escalates_without_citations():
    weak = hit("Employees shall not post confidential information.", 0.1)
    a = answer("how many sick days do I get?", retriever=FixedRetriever([weak]), settings=SETTINGS)
    assert a.verdict is Verdict.NOT_COVERED and a.escalate and a.escalation_reason == "not_covered"
    assert a.citations == ()


def test_student_conduct_question_against_a_staff_policy_escalates():
    a = answer("Are students allowed to have cell phones in class?", retriever=FixedRetriever([PHONE]), settings=SETTINGS)
    assert a.escalation_reason == "not_covered"


def test_asking_for_a_person_escalates_but_still_answers():
    a = answer("can I give a student my cell number? I'd like to talk to a human",
               retriever=FixedRetriever([PHONE]), settings=SETTINGS)
    assert a.escalate and a.escalation_reason == "asked_for_person" and a.verdict is Verdict.CONDITIONAL


def test_conflicting_documents_escalate():
    yes = hit("Staff are permitted to text students about practice times.", 0.7, doc="a")
    no = hit("Staff shall not text students.", 0.69, doc="b")
    a = answer("can I text students?", retriever=FixedRetriever([yes, no]), settings=SETTINGS)
    assert a.escalate and a.escalation_reason == "conflict"


def test_the_core_reads_the_question_it_is_given_and_survives_a_very_long_one():
    # Cleaning and capping belong to the caller (bot.application.asking.question): the core neither cuts
    # nor notes, and a caller that skipped them (an evaluation script) still gets an answer.
    r = FixedRetriever([PHONE])
    long = "can I give my number to a student? " * 5000
    a = answer(long, retriever=r, settings=SETTINGS)
    assert r.questions == [long] and a.question == long and a.note == ""
    assert a.verdict is Verdict.CONDITIONAL


def test_escalation_reasons_and_stances_are_typed_end_to_end():
    yes = hit("Staff are permitted to text students about practice times.", 0.7, doc="a")
    no = hit("Staff shall not text students.", 0.69, doc="b")
    a = answer("can I text students?", retriever=FixedRetriever([yes, no]), settings=SETTINGS)
    assert a.escalation_reason is EscalationReason.CONFLICT
    assert [c.stance for c in a.citations] == [StanceKind.PERMITS, StanceKind.PROHIBITS]
    assert all(type(c.stance) is StanceKind for c in a.citations)
    data = a.to_dict()
    assert data["escalation_reason"] == "conflict" and type(data["escalation_reason"]) is str
    assert [c["stance"] for c in data["citations"]] == ["permits", "prohibits"]
    assert all(type(c["stance"]) is str for c in data["citations"])


def test_decide_verdict_names_what_it_decided():
    no = hit("Staff shall not text students.", 0.69)
    phone = PHONE
    d = decide_verdict("can I text students?", [no, phone], [clause_stance(no.clause), clause_stance(phone.clause)])
    assert d == VerdictDecision(Verdict.PROHIBITED, conditions=(), carve_out=False, decisive=0)
    d = decide_verdict("can I give a student my cell number?", [no, phone][1:], [clause_stance(phone.clause)])
    assert d.verdict is Verdict.CONDITIONAL and d.conditions and not d.carve_out and d.decisive == 0
    assert decide_verdict("what is the phone policy?", [phone], [clause_stance(phone.clause)]) == \
        VerdictDecision(Verdict.INFORMATIONAL)
    with pytest.raises(AttributeError):
        d.verdict = Verdict.ALLOWED      # frozen: a decision is a record, not a scratch pad


def test_empty_question_is_an_error():
    with pytest.raises(ValueError):
        answer("   ", retriever=FixedRetriever([]), settings=SETTINGS)


@pytest.mark.parametrize("q,expected", [
    ("Can I friend a student?", True), ("Is it ok to DM a kid?", True), ("am I allowed to post this", True),
    ("What do I need to do to start a page?", False), ("How often do I have to check the page?", False),
    ("Who is responsible for the page?", False),
])
def test_question_kind(q, expected):
    assert is_permission_question(q) is expected


def test_a_stated_right_turns_a_narrower_prohibition_into_a_condition():
    email = hit("Staff members will not use their District email address for personal social media activities.", 0.67)
    right = hit("The board respects the right of employees to use social media as a medium of self-expression.", 0.62)
    a = answer("Can I have a personal Instagram account?", retriever=FixedRetriever([email, right]), settings=SETTINGS)
    assert a.verdict is Verdict.CONDITIONAL and a.conditions == (email.clause.text,)
    alone = answer("Can I have a personal Instagram account?", retriever=FixedRetriever([email]), settings=SETTINGS)
    assert alone.verdict is Verdict.PROHIBITED


def test_a_rule_against_a_kind_of_content_is_a_condition_for_other_content():
    libel = hit("Employees shall not use Internet postings or texts to libel or defame the board or other employees.", 0.6)
    a = answer("Can I share a news article on my Facebook?", retriever=FixedRetriever([libel]), settings=SETTINGS)
    assert a.verdict is Verdict.CONDITIONAL and a.conditions == (libel.clause.text,)
    b = answer("Can I defame the board on my Facebook?", retriever=FixedRetriever([libel]), settings=SETTINGS)
    assert b.verdict is Verdict.PROHIBITED


def test_asking_for_a_person_with_nothing_relevant_says_so():
    weak = hit("Employees shall not post confidential information.", 0.1)
    a = answer("I need to speak with HR", retriever=FixedRetriever([weak]), settings=SETTINGS)
    assert a.verdict is Verdict.NOT_COVERED and a.escalation_reason == "asked_for_person" and a.citations == ()


def test_a_requirement_never_answers_can_i_with_allowed():
    rule = hit("Employees are expected to maintain professional boundaries with students at all times.", 0.8)
    a = answer("Can I friend a student on Instagram?", retriever=FixedRetriever([rule]), settings=SETTINGS)
    assert a.verdict is Verdict.INFORMATIONAL and not a.escalate
    assert "does not say in so many words" in a.summary and "Allowed" not in a.summary


def test_a_description_is_passed_over_but_a_requirement_is_quoted_not_ruled_past():
    purpose = hit("The purpose of this policy is to keep weapons out of schools.", 0.8)
    ban = hit("No person shall possess a firearm on school property.", 0.75)
    a = answer("Can I bring my pistol to work?", retriever=FixedRetriever([purpose, ban]), settings=SETTINGS)
    assert a.verdict is Verdict.PROHIBITED and "No person shall possess a firearm" in a.summary
    report = hit("Staff shall report any weapon seen on campus to the principal.", 0.8)
    b = answer("Can I bring my pistol to work?", retriever=FixedRetriever([report, ban]), settings=SETTINGS)
    assert b.verdict is Verdict.INFORMATIONAL and "Staff shall report" in b.summary
    assert [c.text for c in b.citations] == [report.clause.text, ban.clause.text]     # both still quoted


def test_discouraged_is_conditional_and_says_so():
    soft = hit("Accepting students as friends on personal social networking sites is discouraged.", 0.8)
    a = answer("can I friend a student?", retriever=FixedRetriever([soft]), settings=SETTINGS)
    assert a.verdict is Verdict.CONDITIONAL and a.summary.startswith("Discouraged")


class _Coverage:
    """A coverage model with a fixed probability, to test what answer() does with it."""
    def __init__(self, p, threshold=0.5):
        self.p, self.threshold = p, threshold

    def probability(self, hits):
        return self.p


def featured(text, score):
    c = Clause(id="f", doc_id="d", document="Policy d", section="", locator="¶ 1", text=text)
    return ScoredClause(c, score, score, score, {"dense": score})


def test_the_coverage_model_decides_and_a_weak_match_gets_no_verdict():
    ban = featured("Employees shall not use tobacco products on school grounds.", 0.2)   # below min_relevance
    covered = answer("can I vape in the lot?", retriever=FixedRetriever([ban]), settings=SETTINGS,
                     coverage=_Coverage(0.9))
    assert covered.verdict is Verdict.PROHIBITED and not covered.escalate
    weak = answer("can I vape in the lot?", retriever=FixedRetriever([ban]), settings=SETTINGS, coverage=_Coverage(0.51))
    assert weak.verdict is Verdict.INFORMATIONAL and not weak.escalate and "partly matches" in weak.note
    assert weak.citations and weak.citations[0].text == ban.clause.text
    gap = answer("can I vape in the lot?", retriever=FixedRetriever([ban]), settings=SETTINGS, coverage=_Coverage(0.3))
    assert gap.verdict is Verdict.NOT_COVERED and gap.escalate and not gap.citations


def test_a_table_row_is_cited_with_its_headers_and_a_link_with_its_address():
    row = Clause(id="h:1", doc_id="h", document="Staff Hours", section="Schedule", locator="¶ 2",
                 text="| Friday | 8 | Off |", columns="| Day | Standard hours | Compressed hours |")
    form = Clause(id="h:2", doc_id="h", document="Staff Hours", section="Schedule", locator="¶ 3",
                  text="A compressed schedule is requested on Form 71.", links="https://x.org/f71")
    a = answer("what are the compressed hours on friday?",
               retriever=FixedRetriever([ScoredClause(row, 0.7, 0.7, 0.7), ScoredClause(form, 0.6, 0.6, 0.6)]),
               settings=SETTINGS)
    by_id = {c.clause_id: c for c in a.citations}
    assert by_id["h:1"].text == "Day: Friday; Standard hours: 8; Compressed hours: Off"
    assert by_id["h:2"].links == ("https://x.org/f71",)
    printed = json.loads(json.dumps(a.to_dict()))        # what `policybot ask --json` prints
    assert {c["clause_id"]: c["links"] for c in printed["citations"]}["h:2"] == ["https://x.org/f71"]
