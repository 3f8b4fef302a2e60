"""Anonymous pages rendered once for everyone, and fragments every visitor shares.

``pages`` marks and keeps shared pages and remembers fragments (the why is there),
``stores`` holds them (Redis or this process), ``wsgi`` answers kept pages in front of
Flask.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask

from storefront.page_cache import pages
from storefront.page_cache.pages import Entry, Generation, remembered, shared_page
from storefront.page_cache.stores import MemoryStore, RedisStore, store
from storefront.page_cache.wsgi import KeptPages

__all__ = ["Entry", "MemoryStore", "RedisStore", "init_app", "remembered", "shared_page",
           "store"]


def init_app(app: Flask, generation: Callable[[], str]) -> None:
    """``generation`` moves with every committed change a shared page shows (the kernel
    does not know the outbox: create_app passes ``search.outbox.change_mark``).

    Call before any other request hook — the after-hook (hooks run in reverse order) must
    see every cookie the others set — and before ProxyFix wraps the app, so kept pages
    are looked up with the visitor's real address and scheme."""
    app.extensions["page_cache_generation"] = Generation(app, generation)
    pages.register(app)
    app.wsgi_app = KeptPages(app, app.wsgi_app)
