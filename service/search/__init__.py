"""Finding answers by their words: a full-text index of what readers are served, its results page and API."""
