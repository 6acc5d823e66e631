"""Change notices: when a re-ingest changes or removes clauses, tell the people answered from them.

- `models.py`: the typed records (a policy change, a notice and what it says).
- `store.py`: `ChangeStore`, the tables of migration 0005 (changes, queued notices, rulings under review).
- `notices.py`: `record_and_queue`, from an ingest's `DocumentChanges` to queued notices and flagged rulings.
- `delivery.py`: `deliver_notices`, sending what is queued through the platform notifiers, once each.
"""
