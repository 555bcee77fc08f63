"""The read side.

What an answer is for one audience and locale — its URL, document, HTML and JSON, encoded once and cached.
"""
