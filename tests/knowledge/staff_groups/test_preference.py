"""Retrieval for one staff group: which clauses apply, the asker's own version first, competing versions."""
from knowledge.models import Clause, ScoredClause
from knowledge.staff_groups.preference import GroupPreference, competing_groups, version_group


def hit(doc_id: str, groups: str, score: float, **features) -> ScoredClause:
    clause = Clause(id=f"{doc_id}:1", doc_id=doc_id, document=doc_id, section="", locator="¶ 1", text="t",
                    groups=groups)
    return ScoredClause(clause, score, features=dict(features))


LICENSED = hit("3-08", "licensed", 0.80, standout=0.3, unseen=0.0, doc_terms=0.9)
CLASSIFIED = hit("8-05", "classified", 0.78)
DRIVERS = hit("8-05b", "bus_drivers", 0.76)
GENERAL = hit("5290", "", 0.50)


def test_only_clauses_that_apply_to_the_group_are_kept():
    arranged = GroupPreference("classified").arrange([LICENSED, CLASSIFIED, DRIVERS, GENERAL])
    assert [h.clause.doc_id for h in arranged] == ["8-05", "5290"]      # not the teachers', not the drivers'
    arranged = GroupPreference("licensed").arrange([LICENSED, CLASSIFIED, DRIVERS, GENERAL])
    assert [h.clause.doc_id for h in arranged] == ["3-08", "5290"]


def test_a_subgroup_gets_its_own_version_first_then_its_wider_groups():
    arranged = GroupPreference("bus_drivers").arrange([LICENSED, CLASSIFIED, DRIVERS, GENERAL])
    assert [h.clause.doc_id for h in arranged] == ["8-05b", "8-05", "5290"]
    assert GroupPreference("bus_drivers").fit(CLASSIFIED.clause) == 1 and GroupPreference("bus_drivers").fit(GENERAL.clause) == 99


def test_the_new_first_hit_carries_the_coverage_features_of_the_ranking():
    first = GroupPreference("classified").arrange([LICENSED, CLASSIFIED])[0]
    assert first.clause.doc_id == "8-05"
    assert (first.features["standout"], first.features["unseen"], first.features["doc_terms"]) == (0.3, 0.0, 0.9)
    assert first.score == 0.78                                          # scores are never changed


def test_nothing_applies():
    assert GroupPreference("coaches").arrange([LICENSED, CLASSIFIED]) == []
    assert GroupPreference("coaches").arrange([]) == []


def test_competing_versions_need_two_unrelated_groups_near_the_top():
    assert competing_groups([LICENSED, CLASSIFIED, GENERAL]) == ("licensed", "classified")
    assert competing_groups([CLASSIFIED, DRIVERS]) == ()                # one family: nothing to ask
    assert competing_groups([LICENSED, GENERAL]) == ()
    far = hit("8-05", "classified", 0.30)
    assert competing_groups([LICENSED, far]) == ()                      # the other version scores far below
    assert competing_groups([]) == ()


def test_version_group_names_the_asker_s_group_among_several():
    both = hit("3-59", "licensed bus_drivers", 0.7).clause
    assert version_group(both, "bus_drivers") == "bus_drivers"
    assert version_group(both, None) == "licensed"
    assert version_group(GENERAL.clause) == "" and version_group(None) == ""
