"""What the policies leave open: the unanswered questions of a period, grouped into topics.

`GapService(store, embedder).report(period)` (service.py) reads the not-covered and escalated
questions of a period from the question log, groups them by meaning (knowledge/gaps/), names
each topic from its most telling words and adds counts, a weekly trend, examples and the
rulings already given. Admins mark a topic "policy requested"; the mark is saved with the
topic's centroid, so it finds the topic again after re-grouping (knowledge/gaps/identity.py).
The admin UI's gaps page and `policybot log gaps` both read it.
"""
