"""Request ids, structured logs and the proxy in front.

Every request gets an id (the proxy's ``X-Request-ID`` when it is a sane token, else a new
one), echoed in the response and attached to every log line, so one buyer's failed
checkout can be followed across the proxy, the app and the database logs. With
``LOG_FORMAT=json`` each line is one JSON object and each request logs one access line.
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid

from flask import Flask, g, has_request_context, request
from werkzeug.middleware.proxy_fix import ProxyFix

REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
access_log = logging.getLogger("storefront.access")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {"time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
                 "level": record.levelname, "logger": record.name,
                 "message": record.getMessage()}
        if has_request_context():
            entry["request_id"] = getattr(g, "request_id", None)
        entry.update(getattr(record, "fields", {}))
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def init_app(app: Flask) -> None:
    if app.config["LOG_FORMAT"] == "json":
        _json_logging(app)
    app.before_request(_start)
    app.after_request(_finish)


def trust_proxies(app: Flask) -> None:
    """Called last, so ProxyFix is the outermost layer: everything inside it (the kept
    pages of storefront.page_cache too) sees the visitor's address and scheme."""
    if app.config["PROXY_HOPS"]:
        hops = int(app.config["PROXY_HOPS"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops,
                                x_port=hops, x_prefix=hops)


def _json_logging(app: Flask) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    for logger in (app.logger, access_log):
        logger.handlers[:] = [handler]
        logger.setLevel(logging.INFO)
        logger.propagate = False


def _start() -> None:
    incoming = request.headers.get("X-Request-ID", "")
    g.request_id = incoming if REQUEST_ID.match(incoming) else uuid.uuid4().hex
    g.request_started = time.perf_counter()


def _finish(response):
    response.headers["X-Request-ID"] = g.get("request_id", "")
    started = g.get("request_started")
    if started is not None:
        log_access(request.method, request.path, response.status_code, request.remote_addr,
                   started, g.get("request_id"))
    return response


def log_access(method: str, path: str, status: int, remote: str | None, started: float,
               request_id: str | None) -> None:
    """One line per answer (JSON logs only), also for kept pages answered before Flask."""
    if access_log.isEnabledFor(logging.INFO):
        access_log.info("%s %s %s", method, path, status, extra={"fields": {
            "method": method, "path": path, "status": status, "remote": remote,
            "request_id": request_id,
            "duration_ms": round((time.perf_counter() - started) * 1000, 1)}})
