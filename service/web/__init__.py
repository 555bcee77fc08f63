"""The HTTP edge every surface shares.

The fast path, conditional requests, dependencies, error responses, security headers, client addresses,
metrics, static assets and the OpenAPI document's parts.
"""
