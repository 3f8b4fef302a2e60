"""With REDIS_URL, sign-in limits are shared by every worker (two apps here)."""

import uuid

import pytest
import redis
from flask_migrate import upgrade

from storefront.accounts import services
from storefront.extensions import db
from tests.conftest import app_config
from tests.factories import PASSWORD
from tests.web import submit

REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture
def redis_available():
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")


def test_failed_sign_ins_count_across_workers(tmp_path, media_root, redis_available):
    from storefront import create_app

    database = f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    prefix = f"test-{uuid.uuid4().hex}"
    workers = []
    for name in ("a", "b"):
        config = app_config(tmp_path / name, database, media_root)
        config.update(REDIS_URL=REDIS_URL, RATELIMIT_KEY_PREFIX=prefix)
        workers.append(create_app(config))
    with workers[0].app_context():
        upgrade()
        services.create_admin(email="office@example.com", password=PASSWORD, name="Office")
        db.session.commit()

    statuses = []
    for attempt in range(6):
        client = workers[attempt % 2].test_client()
        response = submit(client, "/en/account/login",
                          {"email": "office@example.com", "password": f"wrong {attempt}"})
        statuses.append(response.status_code)
    assert statuses == [401, 401, 401, 401, 401, 429]
    # The counters live in Redis (so separate processes and hosts share them).
    assert redis.Redis.from_url(REDIS_URL).keys(f"*{prefix}*")
