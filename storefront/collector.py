"""Garbage collection between requests, never inside one (a guard for CPython 3.11).

Why: CPython 3.11 may start the cyclic garbage collector on any object allocation,
including the one that materialises an instance's ``__dict__`` in the middle of
``obj.attr = value``. If that collection frees an object whose weakref callback sets an
attribute on the *same* instance, the interrupted store goes on with a values array the
callback has freed: heap corruption, and a SIGSEGV seconds later at an unrelated place.
SQLAlchemy does exactly that (``InstanceState._cleanup`` runs from a weakref callback and
sets attributes on the ``InstanceState`` being written), so a threaded server, where
collections happen at random points, crashed within seconds under ten visitors.
CPython 3.12 runs the collector only at safe points (gh-97922); 3.11 gets no fix.
``scripts/cpython311_gc_crash.py`` reproduces it without any library; docs/deployment.md
tells the story.

The guard turns automatic collection off and collects after each response instead, when
the interpreter's own thresholds say a collection is due. Allocations between responses
still count, so memory is reclaimed at the same pace; the collection merely moves to a
point where no request code is half-way through a store. It is process-wide: the other
threads' requests keep running during the collection, and their allocations no longer
trigger one, which is the point.
"""

from __future__ import annotations

import gc
import sys
import threading

from flask import Flask
from werkzeug.wsgi import ClosingIterator

# Where the collector is safe by itself; the guard is then off unless configured on.
SAFE_COLLECTOR_VERSION = (3, 12)


def init_app(app: Flask) -> None:
    """Wrap the WSGI app when ``GC_BETWEEN_REQUESTS`` (default: on for CPython < 3.12)."""
    wanted = app.config.get("GC_BETWEEN_REQUESTS")
    if wanted is None:
        wanted = guard_needed()
    app.config["GC_BETWEEN_REQUESTS"] = bool(wanted)
    if wanted:
        app.wsgi_app = CollectBetweenRequests(app.wsgi_app)


def guard_needed(implementation: str = sys.implementation.name,
                 version: tuple = sys.version_info[:2]) -> bool:
    return implementation == "cpython" and tuple(version) < SAFE_COLLECTOR_VERSION


class CollectBetweenRequests:
    """WSGI middleware: automatic GC off while serving; due collections after responses.

    Automatic collection is switched off at the first request, not at import, so command
    line tools (``flask seed``, migrations) built from the same app keep the normal
    collector: they never run requests and are single-threaded.
    """

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app
        self._lock = threading.Lock()  # one thread collects; the others do not wait for it

    def __call__(self, environ, start_response):
        if gc.isenabled():
            # What is alive at the first request (modules, the app, its caches) lives as
            # long as the process: frozen, full collections need not walk it every time.
            gc.freeze()
            gc.disable()
        return ClosingIterator(self.wsgi_app(environ, start_response), [self.collect_if_due])

    def collect_if_due(self) -> None:
        if not self._lock.acquire(blocking=False):
            return
        try:
            generation = due_generation(gc.get_count(), gc.get_threshold())
            if generation is not None:
                gc.collect(generation)
        finally:
            self._lock.release()


def due_generation(counts: tuple[int, int, int], thresholds: tuple[int, int, int]) -> int | None:
    """The generation the interpreter would collect now, by its own rules, or None.

    As in CPython's ``gc_collect_generations``: generation 0 is due when its allocation
    count passes its threshold, and then the oldest generation whose count (collections
    of the younger one since its own last collection) passes its threshold is collected.
    """
    if thresholds[0] == 0 or counts[0] <= thresholds[0]:
        return None
    for generation in (2, 1):
        if counts[generation] > thresholds[generation]:
            return generation
    return 0
