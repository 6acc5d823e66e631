"""Every retriever matches a clause on `Clause.search_text()`: heading path, lead-in, a row's headers."""
from __future__ import annotations

import numpy as np

from knowledge.models import Clause
from knowledge.retrieve import HybridRetriever
from knowledge.settings import RetrievalSettings
from knowledge.text import content_terms

ROW = Clause(id="h:1", doc_id="h", document="Staff Hours", section="Working Time › Schedule", locator="¶ 1",
             text="| Friday | 8 | Off |", columns="| Weekday | Standard hours | Compressed hours |")
ITEM = Clause(id="h:2", doc_id="h", document="Staff Hours", section="Working Time › Overtime", locator="item 1",
              text="record hours for another employee", lead_in="You must not:", position=1)


class _Index:
    """Clauses only: blank vectors, no dense hits (the lexical side is what is tested)."""

    def clauses(self):
        return [ROW, ITEM]

    def vectors(self, ids):
        blank = np.zeros((len(ids), 64), dtype=np.float32)
        return blank, blank

    def dense_search(self, vector, k):
        return []


def test_the_lexical_index_holds_the_heading_path_lead_in_and_column_headers(hash_embedder):
    retriever = HybridRetriever(_Index(), hash_embedder, RetrievalSettings())
    row_terms = {t for t in content_terms(ROW.search_text())}
    for word in ("weekday", "compressed", "working", "schedule"):       # none of them is in the row's own cells
        (term,) = content_terms(word)
        assert term in row_terms and retriever.lexical.known(term), word
    row = retriever.clauses.index(ROW)
    assert retriever.lexical.coverage(row, content_terms("compressed weekday schedule")) == 1.0
    item = retriever.clauses.index(ITEM)
    assert retriever.lexical.coverage(item, content_terms("overtime")) == 1.0     # from its heading only
