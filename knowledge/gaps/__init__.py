"""What the policies leave open: grouping unanswered questions into topics, with no I/O.

- `grouping.group_by_similarity`: average-linkage agglomerative clustering of unit vectors,
  cut at a cosine threshold; deterministic (ties go to the earliest question).
- `naming.topic_words`: a topic's most telling words (frequent in the topic, rare across the period).
- `trend.weekly_counts`: questions per ISO week (weeks start on Monday) over a period.
- `identity.match_topics`: which saved topic (marked "policy requested") a freshly grouped topic is.
"""
