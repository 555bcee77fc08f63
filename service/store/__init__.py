"""Persistence.

Answers and their texts as immutable revisions in a relational database, with migrations, change feed, drift,
feedback, rate limits, import and export; the editorial rules live in `service.editorial`.
"""
