"""Absolute links for e-mails, built without a request (commands send mail too)."""

from __future__ import annotations

from flask import current_app


def external_url(endpoint: str, **values) -> str:
    """SITE_URL + the path of ``endpoint``; works inside and outside a request."""
    adapter = current_app.url_map.bind("localhost", url_scheme="http")
    path = adapter.build(endpoint, values, force_external=False)
    return current_app.config["SITE_URL"].rstrip("/") + path
