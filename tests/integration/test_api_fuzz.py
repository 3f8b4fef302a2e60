"""schemathesis generates requests from the published OpenAPI document and checks every
answer: never a 5xx, and each one conforms to the document (status, headers, body)."""

import schemathesis
from hypothesis import HealthCheck, given, settings


def test_the_api_keeps_its_promises(app, monkeypatch):
    # The generated requests would hit the rate limit at once; its 429 is tested elsewhere.
    monkeypatch.setitem(app.config, "RATELIMIT_API", "100000 per minute")
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 7

    for operation in operations:
        @given(case=operation.as_strategy())
        # Derandomized: CI runs the same requests every time, so a failure is reproducible
        # (a random seed found the last bugs; run with derandomize=False to explore again).
        @settings(max_examples=25, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        def check(case):
            case.call_and_validate()

        check()
