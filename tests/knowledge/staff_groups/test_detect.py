"""Which staff groups a title, a code (under a named convention) or a scope statement names."""
import pytest

from knowledge.staff_groups.detect import document_groups, groups_in_scope, groups_named, groups_of_code


@pytest.mark.parametrize("title,groups", [
    ("3.8—LICENSED PERSONNEL SICK LEAVE", ("licensed",)),
    ("8.28—DRUG-FREE WORKPLACE-CLASSIFIED PERSONNEL", ("classified",)),
    ("AR 4161.1 Certificated Personnel: Personal Illness/Injury Leave", ("licensed",)),
    ("AR 4361.1 Management, Supervisory, and Confidential Personnel: Personal Illness Leave", ("management",)),
    ("Coaches and Athletic Staff Conduct", ("coaches",)),
    # a subgroup named with its wider group is the subgroup's version
    ("8.5b—CLASSIFIED EMPLOYEES SICK LEAVE –BUS DRIVERS", ("bus_drivers",)),
    ("8.16a ─ DRESS OF CLASSIFIED EMPLOYEES –MAINTENANCE AND CUSTODIAL DRESS CODE", ("custodial",)),
    # names after an exclusion do not count
    ("8.5—CLASSIFIED EMPLOYEES SICK LEAVE – EXCLUDING FOOD SERVICE (See 8.5a) and BUS DRIVERS (See 8.5b)", ("classified",)),
    ("8.16—DRESS OF CLASSIFIED EMPLOYEES – EXCLUDING MAINTENANCE and CUSTODIAL (See 8.16a)", ("classified",)),
    ("Leave for non-licensed staff", ("classified",)),
    # words that look like a group but are not one
    ("Records Management", ()),
    ("8.49—CLASSIFIED PERSONNEL DUTY TO MAINTAIN LICENSE IN GOOD STANDING", ("classified",)),
    ("3.40—LICENSURE AND RE-LICENSURE", ()),
    ("Employee Use of Social Media Sites", ()),
    ("", ()),
])
def test_titles(title, groups):
    assert groups_named(title) == groups


def test_scope_statements_and_definitions_in_the_opening():
    assert groups_in_scope(["This policy applies only to classified employees of the district."]) == ("classified",)
    assert groups_in_scope(["Purpose.", "This regulation applies to all certificated staff."]) == ("licensed",)
    classified = "“Employee” is a contracted employee of the District who is not required to have a teaching license as a condition of his/her employment."
    licensed = "“Employee” means an employee of the District who is required to have a teaching license."
    assert groups_in_scope([classified]) == ("classified",)
    assert groups_in_scope([licensed]) == ("licensed",)
    assert groups_in_scope(["This policy applies to all employees, students and visitors."]) == ()
    # only the first clauses are read: a passing mention deep in a policy is no scope statement
    assert groups_in_scope(["x."] * 10 + ["This policy applies to classified employees."]) == ()


def test_codes_count_only_under_a_named_convention():
    assert groups_of_code("AR 4261.1", "csba") == ("classified",)
    assert groups_of_code("BP 4361", "csba") == ("management",)
    assert groups_of_code("4261", "") == ()                       # no convention: codes say nothing
    assert groups_of_code("0401.10", "csba") == ()                # another district's numbering
    assert groups_of_code("3430", "neola") == ("licensed",)
    with pytest.raises(ValueError, match="unknown staff group series"):
        groups_of_code("4261", "made-up")


def test_document_groups_title_first_then_code_then_scope():
    assert document_groups(title="Licensed Personnel Leave", policy_code="4261", series="csba") == ("licensed",)
    assert document_groups(title="Leaves", policy_code="4261", series="csba") == ("classified",)
    assert document_groups(title="Leaves", opening=["This policy applies to coaches."]) == ("coaches",)
    assert document_groups(title="Leaves") == ()
