import pytest

from knowledge.models import Clause
from knowledge.verdict import clause_stance, exception_applies
from knowledge.lexicon import expanded_terms


def clause(text, lead_in=""):
    return Clause(id="c", doc_id="d", document="D", section="", locator="¶ 1", text=text, lead_in=lead_in)


@pytest.mark.parametrize("text,lead,kind,exc_kind", [
    ("Employees shall not post confidential information about students.", "", "prohibits", ""),
    ("No images of students on the media opt-out list will be used;", "", "prohibits", ""),
    ("Listing current students as friends on networking sites;", "Informal involvement with students is therefore prohibited. This includes:", "prohibits", ""),
    ("Giving private cell phone numbers to students without prior approval of the District;", "Such contact is prohibited. This includes:", "prohibits", "approval"),
    ("Contacting students through electronic means other than the District’s email and telephone system (texting, etc.);", "This is prohibited. This includes:", "prohibits", "carve_out"),
    ("Nothing in this policy prohibits District staff from the use of education websites.", "", "permits", ""),
    ("The employee responsible for the site will monitor it regularly.", "", "requires", ""),
    ("Failure to maintain a professional relationship could result in disciplinary action up to and including dismissal.", "", "describes", ""),
    ("Staff must set up mechanisms for delivering information to students that are not members of the group.", "", "requires", ""),
])
def test_stance(text, lead, kind, exc_kind):
    stance = clause_stance(clause(text, lead))
    assert (stance.kind, stance.exception_kind) == (kind, exc_kind)


def test_exception_applies_only_when_the_question_is_about_it():
    c = clause("Contacting students through electronic means other than the District’s email and telephone system "
               "(texting, skyping, facetime, etc.);", "Such involvement is prohibited. This includes:")
    s = clause_stance(c)
    assert s.exception == "other than the District’s email and telephone system"
    assert exception_applies(s, c, expanded_terms("can I email students from my district account?"))
    assert not exception_applies(s, c, expanded_terms("can I FaceTime a student?"))
    assert exception_applies(s, c, expanded_terms("can I email a student from my school account?"))
    assert not exception_applies(s, c, expanded_terms("can I email a student from my gmail?"))
    assert not exception_applies(s, c, expanded_terms("can I email a student from my personal address?"))
    family = clause("Employees shall not accept current students as friends unless the employee and student have a family relationship.")
    fs = clause_stance(family)
    assert exception_applies(fs, family, expanded_terms("can I friend my nephew? he is in my class"))
    assert not exception_applies(fs, family, expanded_terms("can I friend a student?"))


def test_a_bare_item_takes_the_stance_of_a_heading_that_states_the_rule():
    item = Clause(id="c", doc_id="d", document="D", section="Technology › Unacceptable Uses", locator="item 4",
                  text="Inappropriate political purposes")
    assert clause_stance(item).kind == "prohibits"
    allowed = Clause(id="c", doc_id="d", document="D", section="Permitted Activities", locator="item 1",
                     text="Checking the weather forecast")
    assert clause_stance(allowed).kind == "permits"
    plain = Clause(id="c", doc_id="d", document="D", section="Definitions", locator="item 1", text="Staff: employees")
    assert clause_stance(plain).kind == "describes"
