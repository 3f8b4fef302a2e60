"""Anonymous pages: rendered without cookies, revalidated with ETags, kept on the server.

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
* the body is kept on the server (Redis when ``REDIS_URL`` is set, else in this process)
  under a key made of the URL, Vietnam's date (collections and events start and end by
  the calendar) and the *generation*: a mark of the ``search_outbox`` that moves with
  every commit (``search.outbox.change_mark``). Every committed
  change to a product (stock included), producer, category, collection or event writes an
  outbox row in its own transaction — the same rows that keep the search index in step —
  so a change makes new keys at once, on every worker and host; old entries expire.

``remembered`` keeps smaller pieces the same way — facet counts, a page of ids — which
every visitor shares even when the page around them is their own.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import redis
from flask import Flask, Response, current_app, g, has_request_context, request, session

from storefront.clock import today

BROWSER_SECONDS = 60  # how long a browser or proxy may reuse a page without asking
CART_COOKIE = "cart"  # cart.views.COOKIE: the kernel does not import the cart
T = TypeVar("T")


@dataclass(frozen=True)
class Entry:
    """A kept page."""

    body: bytes
    content_type: str
    etag: str

    def encode(self) -> bytes:
        return b"\n".join((self.content_type.encode(), self.etag.encode(), self.body))

    @classmethod
    def decode(cls, raw: bytes) -> Entry:
        content_type, etag, body = raw.split(b"\n", 2)
        return cls(body, content_type.decode(), etag.decode())


def shared_page(view):
    """Mark a view whose answer is the same for every visitor without cookies."""
    view.shared_page = True
    return view


class MemoryStore:
    """Least-recently-used entries up to a byte budget, per process (thread-safe)."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self._entries: OrderedDict[str, tuple[float, bytes]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                return None
            if found[0] < time.monotonic():
                self._drop(key)
                return None
            self._entries.move_to_end(key)
            return found[1]

    def set(self, key: str, value: bytes, seconds: int) -> None:
        if len(value) > self.max_bytes:
            return
        with self._lock:
            if key in self._entries:
                self._drop(key)
            self._entries[key] = (time.monotonic() + seconds, value)
            self._bytes += len(value)
            while self._bytes > self.max_bytes:
                self._drop(next(iter(self._entries)))

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0

    def _drop(self, key: str) -> None:
        _expires, value = self._entries.pop(key)
        self._bytes -= len(value)


class RedisStore:
    """Shared by every worker and host; a Redis outage is a cache miss, never an error."""

    def __init__(self, url: str):
        self._redis = redis.Redis.from_url(url, socket_timeout=0.2,
                                           socket_connect_timeout=0.2)

    def get(self, key: str) -> bytes | None:
        try:
            return self._redis.get(key)
        except redis.RedisError:  # render the page instead
            current_app.logger.warning("Page cache unavailable (Redis read failed)")
            return None

    def set(self, key: str, value: bytes, seconds: int) -> None:
        try:
            self._redis.set(key, value, ex=seconds)
        except redis.RedisError:
            current_app.logger.warning("Page cache unavailable (Redis write failed)")

    def clear(self) -> None:
        try:
            for key in self._redis.scan_iter("page:*"):  # fragments' keys start so too
                self._redis.delete(key)
        except redis.RedisError:
            current_app.logger.warning("Page cache unavailable (Redis clear failed)")


def store():
    extensions = current_app.extensions
    if "page_cache" not in extensions:
        url = current_app.config["REDIS_URL"]
        extensions["page_cache"] = (RedisStore(url) if url else
                                    MemoryStore(current_app.config["PAGE_CACHE_MAX_BYTES"]))
    return extensions["page_cache"]


def _is_shared_request() -> bool:
    if request.method not in ("GET", "HEAD") or request.endpoint is None:
        return False
    view = current_app.view_functions.get(request.endpoint)
    if not getattr(view, "shared_page", False):
        return False
    private = (current_app.config["SESSION_COOKIE_NAME"],
               current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token"), CART_COOKIE)
    return not any(name in request.cookies for name in private)


def _generation() -> str:
    """Asked once per request: the page and its fragments share the answer."""
    if "page_cache_generation" not in g:
        g.page_cache_generation = current_app.extensions["page_cache_generation"]()
    return g.page_cache_generation


def _key(kind: str, address: str) -> str:
    digest = hashlib.blake2b(address.encode(), digest_size=16).hexdigest()
    return f"page:{_generation()}:{today().isoformat()}:{kind}:{digest}"


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
    key = _key("fragment", f"{name}:{parts!r}")
    raw = store().get(key)
    if raw is not None:
        return decode(json.loads(raw))
    value = compute()
    store().set(key, json.dumps(encode(value), separators=(",", ":")).encode(),
                current_app.config["PAGE_CACHE_SECONDS"])
    return value


def _public(response: Response, etag: str, state: str) -> Response:
    response.set_etag(etag)
    response.headers["Cache-Control"] = f"public, max-age={BROWSER_SECONDS}"
    response.vary.add("Cookie")
    response.headers["X-Page-Cache"] = state
    return response.make_conditional(request)


def _serve_from_cache():
    if not _is_shared_request():
        return None
    g.shared_page = True
    if current_app.config["PAGE_CACHE_SECONDS"] <= 0:
        return None
    g.page_cache_key = _key("page", f"{request.host}{request.full_path}")
    raw = store().get(g.page_cache_key)
    if raw is None:
        return None
    g.page_cache_hit = True
    entry = Entry.decode(raw)
    return _public(Response(entry.body, content_type=entry.content_type), entry.etag, "hit")


def _keep(response: Response) -> Response:
    if not g.get("shared_page") or g.get("page_cache_hit"):
        return response
    if (response.status_code != 200 or response.direct_passthrough or session.modified
            or response.headers.getlist("Set-Cookie")):
        return response  # something personal happened while rendering: stays private
    body = response.get_data()
    etag = hashlib.blake2b(body, digest_size=16).hexdigest()
    key = g.get("page_cache_key")
    if key:
        store().set(key, Entry(body, response.content_type, etag).encode(),
                    current_app.config["PAGE_CACHE_SECONDS"])
    return _public(response, etag, "miss" if key else "off")


def init_app(app: Flask, generation: Callable[[], str]) -> None:
    """``generation`` moves with every committed change a shared page shows (the kernel
    does not know the outbox: create_app passes ``search.outbox.change_mark``).

    Call before any other request hook: the before-hook answers hits first, and the
    after-hook (hooks run in reverse order) sees every cookie the others set."""
    app.extensions["page_cache_generation"] = generation
    app.before_request(_serve_from_cache)
    app.after_request(_keep)
