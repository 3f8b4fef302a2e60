"""Where kept pages and remembered fragments live: Redis when configured, else this process.

Values are bytes with a lifetime. Keys start with ``page:`` so ``clear`` can find them.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict

import redis
from flask import Flask, current_app

log = logging.getLogger("storefront.page_cache")  # hits are answered outside any app context


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
            log.warning("Page cache unavailable (Redis read failed)")
            return None

    def set(self, key: str, value: bytes, seconds: int) -> None:
        try:
            self._redis.set(key, value, ex=seconds)
        except redis.RedisError:
            log.warning("Page cache unavailable (Redis write failed)")

    def clear(self) -> None:
        try:
            for key in self._redis.scan_iter("page:*"):
                self._redis.delete(key)
        except redis.RedisError:
            log.warning("Page cache unavailable (Redis clear failed)")


def store(app: Flask | None = None):
    """The app's store, made on first use."""
    app = app or current_app
    if "page_cache" not in app.extensions:
        url = app.config["REDIS_URL"]
        app.extensions["page_cache"] = (RedisStore(url) if url else
                                        MemoryStore(app.config["PAGE_CACHE_MAX_BYTES"]))
    return app.extensions["page_cache"]
