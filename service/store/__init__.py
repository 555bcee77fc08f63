"""The editorial store: answers and their texts as immutable revisions in a relational database."""
