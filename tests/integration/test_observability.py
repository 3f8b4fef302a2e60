"""Request ids, JSON logs and the trusted proxy."""

import json
import logging

from flask import request

from storefront import create_app
from storefront.observability import JsonFormatter


def test_every_answer_carries_a_request_id_and_keeps_a_sane_incoming_one(client):
    fresh = client.get("/healthz")
    relayed = client.get("/healthz", headers={"X-Request-ID": "nginx-4f2a9c1e77"})
    hostile = client.get("/healthz", headers={"X-Request-ID": "<script>; DROP TABLE"})

    assert len(fresh.headers["X-Request-ID"]) == 32
    assert relayed.headers["X-Request-ID"] == "nginx-4f2a9c1e77"
    assert len(hostile.headers["X-Request-ID"]) == 32  # replaced, not echoed


def test_json_log_lines_name_the_request(app):
    formatter = JsonFormatter()
    with app.test_request_context("/vi/checkout", headers={"X-Request-ID": "abcd1234efgh"}):
        app.preprocess_request()
        record = logging.LogRecord("storefront", logging.ERROR, __file__, 1,
                                   "Payment %s failed", ("QB-2026-7",), None)
        line = json.loads(formatter.format(record))

    assert line["message"] == "Payment QB-2026-7 failed" and line["level"] == "ERROR"
    assert line["request_id"] == "abcd1234efgh"


def probe_app(tmp_path, hops: int):
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "PROXY_HOPS": hops,
                      "INSTANCE_PATH": str(tmp_path / f"instance-{hops}"),
                      "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    app.add_url_rule("/probe", "probe", lambda: f"{request.scheme} {request.remote_addr}")
    return app


def test_forwarded_headers_count_only_behind_a_configured_proxy(tmp_path):
    headers = {"X-Forwarded-Proto": "http", "X-Forwarded-For": "203.0.113.9"}
    trusting = probe_app(tmp_path, 1).test_client()
    wary = probe_app(tmp_path, 0).test_client()

    assert trusting.get("/probe", headers=headers).get_data(as_text=True) == "http 203.0.113.9"
    assert (wary.get("/probe", headers=headers).get_data(as_text=True)
            == wary.get("/probe").get_data(as_text=True))  # the headers changed nothing
