"""JSON for mobile apps: the answers, their lists, the manifest and batches an app syncs from."""
