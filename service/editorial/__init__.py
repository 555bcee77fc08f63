"""The write side, from HTTP to the rules.

Editors' texts and metadata, checks, review decisions, users, sign-in, the editorial API and pages, and the
coverage map.
"""
