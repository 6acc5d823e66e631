"""The question log, escalation queue and admin rulings (the only home of SQLAlchemy).

Public surface: `EscalationStore` (store.py), `EscalationService` (service.py),
`Notifier`/`NotifierRegistry` (notify.py), the records in models.py and the
errors in errors.py.
"""
