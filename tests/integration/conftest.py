import pytest


@pytest.fixture(autouse=True)
def _in_app(app):
    """Every integration test runs inside the app (and so on every database backend)."""
    yield
