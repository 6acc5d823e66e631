"""`answer()` with and without the asker's staff group: which version is quoted, and what the Answer says."""
from knowledge.answer import answer
from knowledge.models import Clause, ScoredClause
from knowledge.settings import RetrievalSettings
from knowledge.staff_groups.preference import GroupPreference

SETTINGS = RetrievalSettings(min_relevance=0.2)


def _hit(doc_id: str, groups: str, text: str, score: float) -> ScoredClause:
    return ScoredClause(Clause(id=f"{doc_id}:1", doc_id=doc_id, document=doc_id.upper(), section="Sick Leave",
                               locator="item 1", text=text, groups=groups), score)


class Versions:
    """A retriever over two versions of a sick-leave policy (and a general clause), honouring `prefer`."""

    def __init__(self):
        self.prefer = []

    def search(self, question, k=None, *, prefer=None):
        self.prefer.append(prefer)
        hits = [_hit("3-08", "licensed", "Licensed employees earn one day of sick leave per month.", 0.8),
                _hit("8-05", "classified", "Classified employees earn five days of sick leave per year.", 0.79)]
        return prefer.arrange(hits) if prefer else hits


def test_without_a_group_the_competing_versions_are_named():
    a = answer("how much sick leave do I earn?", retriever=Versions(), settings=SETTINGS)
    assert a.staff_groups == ("licensed", "classified")
    assert a.staff_group == "licensed"                       # the version quoted first, named
    assert a.to_dict()["staff_group"] == "licensed" and a.to_dict()["staff_groups"] == ["licensed", "classified"]


def test_with_a_group_only_its_version_is_quoted():
    retriever = Versions()
    a = answer("how much sick leave do I earn?", retriever=retriever, settings=SETTINGS,
               prefer=GroupPreference("classified"))
    assert [c.clause_id for c in a.citations] == ["8-05:1"]
    assert a.staff_group == "classified" and a.staff_groups == ()
    assert retriever.prefer[-1].group == "classified"


def test_a_retriever_that_knows_no_groups_is_called_as_before():
    class Plain:
        def search(self, question, k=None):
            return [_hit("5290", "", "Employees shall not friend students.", 0.8)]

    a = answer("can I friend a student?", retriever=Plain(), settings=SETTINGS)
    assert a.staff_group == "" and a.staff_groups == ()
    assert a.to_dict()["staff_group"] is None and a.to_dict()["staff_groups"] == []
