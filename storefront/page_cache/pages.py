"""Shared pages in Flask: marking them, keeping their answers, remembering fragments.

A visitor who carries none of our cookies (session, remember-me, cart) sees exactly what
every other such visitor sees on the pages marked ``@shared_page`` (home, catalogue,
product, producer, collection and event pages). For them:

* the page is rendered *cookie-less*: no language cookie, and the add-to-cart forms carry
  no CSRF token (site.js fetches one on the first click; without JavaScript the cart asks
  to confirm — see ``cart.views.add``). A render that writes the session or sets a cookie
  anyway is simply not shared, so a new form on such a page cannot leak one visitor's token
  to another: it only makes the page private again.
* the answer carries an ETag (``304`` on revalidation), ``Cache-Control: public`` and
  ``Vary: Cookie`` so browsers and proxies keep it for visitors like them only.
* the answer is kept (``stores``) under a key made of the URL, Vietnam's date (collections
  and events start and end by the calendar) and the *generation*: a mark of the search
  outbox that moves with every commit (``search.outbox.change_mark``). Every committed
  change to a product (stock included), producer, category, collection or event writes an
  outbox row in its own transaction — the rows that keep the search index in step — so a
  change makes new keys on every worker and host; old entries expire. The next such
  visitor is answered by ``wsgi.KeptPages`` before Flask even builds a request.

``remembered`` keeps smaller pieces the same way — facet counts, a page of ids — which
every visitor shares even when the page around them is their own.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from flask import Flask, Response, current_app, g, has_request_context, request, session

from storefront.clock import today
from storefront.page_cache.stores import store

BROWSER_SECONDS = 60  # how long a browser or proxy may reuse a page without asking
CART_COOKIE = "cart"  # cart.views.COOKIE: the kernel does not import the cart
# Headers that belong to one answer only, never replayed from a kept page
NOT_KEPT = frozenset({"content-length", "date", "set-cookie", "x-request-id", "x-page-cache"})
T = TypeVar("T")


@dataclass(frozen=True)
class Entry:
    """A kept page: its headers (ETag, CSP, Cache-Control…) and its body."""

    headers: list[tuple[str, str]]
    body: bytes

    def encode(self) -> bytes:
        return json.dumps(self.headers).encode() + b"\n" + self.body

    @classmethod
    def decode(cls, raw: bytes) -> Entry:
        headers, body = raw.split(b"\n", 1)
        return cls([tuple(pair) for pair in json.loads(headers)], body)

    @property
    def etag(self) -> str:
        return next(value for name, value in self.headers if name.lower() == "etag")


def shared_page(view):
    """Mark a view whose answer is the same for every visitor without cookies."""
    view.shared_page = True
    return view


def private_cookies(app: Flask) -> tuple[str, ...]:
    """Any of these makes a visitor's pages their own."""
    return (app.config["SESSION_COOKIE_NAME"],
            app.config.get("REMEMBER_COOKIE_NAME", "remember_token"), CART_COOKIE)


def _is_shared_request() -> bool:
    if request.method not in ("GET", "HEAD") or request.endpoint is None:
        return False
    view = current_app.view_functions.get(request.endpoint)
    if not getattr(view, "shared_page", False):
        return False
    return not any(name in request.cookies for name in private_cookies(current_app))


class Generation:
    """The outbox mark, asked at most once per ``PAGE_CACHE_GENERATION_SECONDS`` in this
    process for page keys: a kept page may then outlive a change by that long (a second by
    default), which is what lets a hit skip the database."""

    def __init__(self, app: Flask, read: Callable[[], str]):
        self._app, self._read = app, read
        self._value, self._until = "", 0.0

    def fresh(self) -> str:
        return self._read()

    def forget(self) -> None:
        self._until = 0.0

    def recent(self) -> str:
        """Needs an app context when the remembered value has expired."""
        now = time.monotonic()
        if now >= self._until:
            self._value = self._read()
            self._until = now + self._app.config["PAGE_CACHE_GENERATION_SECONDS"]
        return self._value


def page_key(generation: str, path: str, query: str) -> str:
    digest = hashlib.blake2b(f"{path}?{query}".encode(), digest_size=16).hexdigest()
    return f"page:{generation}:{today().isoformat()}:page:{digest}"


def _fragment_key(name: str, parts: tuple) -> str:
    """Fragments are keyed by the generation read in this request: no delay for them."""
    if "page_cache_generation" not in g:
        g.page_cache_generation = current_app.extensions["page_cache_generation"].fresh()
    digest = hashlib.blake2b(f"{name}:{parts!r}".encode(), digest_size=16).hexdigest()
    return f"page:{g.page_cache_generation}:{today().isoformat()}:fragment:{digest}"


def remembered(name: str, parts: tuple, compute: Callable[[], T],
               encode: Callable[[T], object] = lambda value: value,
               decode: Callable[[object], T] = lambda value: value) -> T:
    """``compute()``, or what it gave for the same ``name`` and ``parts`` since the last
    change (same generation and day). Values go through JSON (``encode`` makes them so,
    ``decode`` rebuilds them); only GET requests share them, since a request that changes
    the catalogue would see its own uncommitted rows."""
    if (current_app.config["PAGE_CACHE_SECONDS"] <= 0 or not has_request_context()
            or request.method not in ("GET", "HEAD")):
        return compute()
    key = _fragment_key(name, parts)
    raw = store().get(key)
    if raw is not None:
        return decode(json.loads(raw))
    value = compute()
    store().set(key, json.dumps(encode(value), separators=(",", ":")).encode(),
                current_app.config["PAGE_CACHE_SECONDS"])
    return value


def register(app: Flask) -> None:
    app.before_request(_mark_shared)
    app.after_request(_keep)


def _mark_shared() -> None:
    if _is_shared_request():
        g.shared_page = True
        if current_app.config["PAGE_CACHE_SECONDS"] > 0:
            # Read before rendering: a page is kept under a mark no newer than its data, so
            # a change that commits while it renders still makes a new key afterwards.
            g.page_generation = current_app.extensions["page_cache_generation"].recent()


def _public(response: Response, etag: str) -> None:
    response.set_etag(etag)
    response.headers["Cache-Control"] = f"public, max-age={BROWSER_SECONDS}"
    response.vary.add("Cookie")


def _keep(response: Response) -> Response:
    if not g.get("shared_page"):
        return response
    if (response.status_code != 200 or response.direct_passthrough or session.modified
            or response.headers.getlist("Set-Cookie")):
        return response  # something personal happened while rendering: stays private
    body = response.get_data()
    _public(response, hashlib.blake2b(body, digest_size=16).hexdigest())
    seconds = current_app.config["PAGE_CACHE_SECONDS"]
    if seconds > 0:
        kept = [(name, value) for name, value in response.headers
                if name.lower() not in NOT_KEPT]
        store().set(page_key(g.page_generation, request.environ.get("PATH_INFO", ""),
                             request.environ.get("QUERY_STRING", "")),
                    Entry(kept, body).encode(), seconds)
    response.headers["X-Page-Cache"] = "miss" if seconds > 0 else "off"
    return response.make_conditional(request)
