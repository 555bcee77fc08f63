"""The `tailor` command: check content, serve it, and keep the store (db, import, export, users, coverage)."""
