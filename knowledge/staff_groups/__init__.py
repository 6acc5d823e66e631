"""Staff groups: documents written for licensed, classified, management ... staff, and answering an asker
from the version for their group. Pure: the vocabulary is data (`knowledge/language/staff_groups.yaml`).

- `vocabulary`: the typed groups (`StaffGroup`, `GroupVocabulary`, `UnknownGroup`);
- `detect`: which groups a title, code or scope statement names;
- `rules`: the operator's settings over detection (`GroupRules`), as ingest applies them;
- `preference`: which clauses apply to an asker (`GroupPreference`) and which groups' versions compete.
"""
from knowledge.staff_groups.preference import GroupPreference, competing_groups, version_group
from knowledge.staff_groups.rules import GroupRules
from knowledge.staff_groups.vocabulary import GroupVocabulary, StaffGroup, UnknownGroup, vocabulary

__all__ = ["GroupPreference", "GroupRules", "GroupVocabulary", "StaffGroup", "UnknownGroup", "competing_groups",
           "version_group", "vocabulary"]
