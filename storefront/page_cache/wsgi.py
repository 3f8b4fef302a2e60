"""Kept pages answered in front of Flask.

A hit through Flask cost ~1.4 ms of the two cores against ~0.15 ms for a bare WSGI route
(docs/benchmarks.md): routing, the request hooks and a pooled connection for the outbox
mark. Here a cookie-less GET under a language prefix is looked up with the process's
recent generation and, when kept, answered with the kept headers and body — with its own
request id and access-log line, like every other answer. Everything else goes to Flask.
"""

from __future__ import annotations

import time
import uuid

from flask import Flask
from werkzeug.http import parse_cookie, parse_etags

from storefront.observability import REQUEST_ID, log_access
from storefront.page_cache.pages import Entry, page_key, private_cookies
from storefront.page_cache.stores import store


class KeptPages:
    def __init__(self, app: Flask, wsgi_app):
        self.app, self.wsgi_app = app, wsgi_app
        self.prefixes = tuple(f"/{lang}/" for lang in app.config["LANGUAGES"])

    def __call__(self, environ, start_response):
        started = time.perf_counter()
        raw = self._kept(environ)
        if raw is None:
            return self.wsgi_app(environ, start_response)
        return self._answer(environ, start_response, Entry.decode(raw), started)

    def _kept(self, environ) -> bytes | None:
        path = environ.get("PATH_INFO", "")
        if (environ.get("REQUEST_METHOD") not in ("GET", "HEAD")
                or self.app.config["PAGE_CACHE_SECONDS"] <= 0
                or not path.startswith(self.prefixes)):
            return None
        cookies = parse_cookie(environ.get("HTTP_COOKIE", ""))
        if any(name in cookies for name in private_cookies(self.app)):
            return None
        generation = self.app.extensions["page_cache_generation"]
        with self.app.app_context():  # cheap; a database read only when the mark expired
            key = page_key(generation.recent(), path, environ.get("QUERY_STRING", ""))
            return store(self.app).get(key)

    def _answer(self, environ, start_response, entry: Entry, started: float):
        incoming = environ.get("HTTP_X_REQUEST_ID", "")
        request_id = incoming if REQUEST_ID.match(incoming) else uuid.uuid4().hex
        headers = [*entry.headers, ("X-Page-Cache", "hit"), ("X-Request-ID", request_id)]
        if parse_etags(environ.get("HTTP_IF_NONE_MATCH")).contains(entry.etag.strip('"')):
            status, body = 304, b""
            headers = [(name, value) for name, value in headers
                       if name.lower() != "content-type"]
        else:
            status, body = 200, entry.body
            headers.append(("Content-Length", str(len(body))))
        start_response("304 Not Modified" if status == 304 else "200 OK", headers)
        log_access(environ.get("REQUEST_METHOD", ""), environ.get("PATH_INFO", ""), status,
                   environ.get("REMOTE_ADDR"), started, request_id)
        return [b"" if environ.get("REQUEST_METHOD") == "HEAD" else body]
