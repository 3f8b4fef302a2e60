"""Helpers for driving pages through the test client like a browser would."""

from __future__ import annotations

import re

from flask import current_app

# Flask-WTF's hidden_tag() and a hand-written <input> order the attributes differently.
CSRF = re.compile(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"')


TOKEN_URL = re.compile(r'data-token-url="([^"]+)"')


def csrf_token(client, url: str) -> str:
    """The CSRF token of the first form on ``url``.

    Shared pages (storefront.page_cache) carry none in their add-to-cart forms: like
    site.js, ask the address the form names for one.
    """
    html = client.get(url).get_data(as_text=True)
    match = CSRF.search(html)
    if match:
        return match.group(1)
    token_url = TOKEN_URL.search(html)
    assert token_url, f"no form with a CSRF token on {url}"
    return client.get(token_url.group(1)).json["csrf_token"]


def submit(client, url: str, data: dict, *, form_page: str | None = None, **kwargs):
    """POST ``data`` to ``url`` with a CSRF token taken from ``form_page`` (default: url).

    Like a browser, it sends the Referer: over HTTPS (the test client's scheme here)
    Flask-WTF refuses a form without a same-site referrer.
    """
    page = form_page or url
    token = csrf_token(client, page)
    headers = {"Referer": f"https://localhost{page}", **kwargs.pop("headers", {})}
    return client.post(url, data={**data, "csrf_token": token}, headers=headers, **kwargs)


def sign_in(client, user) -> None:
    """Put ``user`` in the client's session, as Flask-Login would after a sign-in."""
    # "Strong" session protection ties a session to the browser's address and user agent:
    # compute the identifier from this client's own environment.
    with current_app.test_request_context(environ_base=client.environ_base):
        identifier = current_app.login_manager._session_identifier_generator()
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
        session["_id"] = identifier


def outbox(kind: str | None = None, to: str | None = None):
    import sqlalchemy as sa

    from storefront.extensions import db
    from storefront.mail.models import OutboxEmail

    query = sa.select(OutboxEmail).order_by(OutboxEmail.id)
    if kind:
        query = query.where(OutboxEmail.kind == kind)
    if to:
        query = query.where(OutboxEmail.to_address == to)
    return list(db.session.scalars(query))


LINK = re.compile(r"http://127\.0\.0\.1:5000(/[^\s\"<]+)")


def link_in(email) -> str:
    """The path of the first site link in an e-mail's text version."""
    match = LINK.search(email.text_body)
    assert match, email.text_body
    return match.group(1)
