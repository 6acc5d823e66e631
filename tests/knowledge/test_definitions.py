"""A collection's own definitions widen what a question's words can match."""
from knowledge.definitions import defined_terms
from knowledge.models import Clause
from knowledge.text import stem


def clauses(*texts):
    return [Clause(id=str(i), doc_id="d", document="D", section="", locator="", text=t) for i, t in enumerate(texts)]


def test_words_of_a_definition_point_to_the_defined_term():
    terms = defined_terms(clauses(
        "Tobacco Products: Cigarettes, cigars, chewing tobacco, snuff or tobacco in any of its forms.",
        "Dangerous weapon includes any firearm, knife or explosive device.",
        "The term “volunteer” means a person who works without pay under the direction of staff.",
        "Employees shall report absences to the principal."))
    assert terms[stem("cigars")] == {"tobacco", stem("products")}
    assert terms[stem("firearm")] == {stem("dangerous"), "weapon"}
    assert stem("volunteer") in terms[stem("pay")]
    assert stem("principal") not in terms            # an ordinary rule defines nothing


def test_a_term_used_everywhere_is_not_a_term_of_art():
    texts = ["Employee: any person on the payroll."] + [f"Each employee shall file form {i}." for i in range(40)]
    assert stem("payroll") not in defined_terms(clauses(*texts))
