"""Stock adjustments and sales at the same moment never lose an update.

20 sales of one unit (through the same conditional UPDATE as the checkout) and 20
production adjustments of +1 run at once, each in its own transaction and connection:
the stock ends where it started and every adjustment is in the history.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy as sa

from storefront.catalog import services
from storefront.catalog.models import Product, StockMovement, StockReason
from storefront.db import retry_when_busy
from storefront.extensions import db
from tests import factories
from tests.integration.processes.conftest import committed_database, seeded_app

SALT = "muoi-hat-roon-1kg"
EACH = 20


@pytest.fixture(params=["sqlite", "postgresql"])
def shop(request, tmp_path, media_root):
    url = committed_database(request.param, "storefront_stock", tmp_path)
    app = seeded_app(url, tmp_path / "instance", media_root,
                     SQLALCHEMY_ENGINE_OPTIONS={"pool_size": 2 * EACH + 2}
                     if request.param == "postgresql" else {})
    yield app
    with app.app_context():
        db.engine.dispose()


def test_sales_and_adjustments_at_once_lose_nothing(shop):
    with shop.app_context():
        product = factories.product_by_slug(SALT)
        product_id, start = product.id, product.stock
        db.session.commit()
    barrier = threading.Barrier(2 * EACH)

    def in_transaction(work):
        with shop.app_context():
            barrier.wait()

            def attempt():
                work(db.session.get(Product, product_id))
                db.session.commit()
            retry_when_busy(attempt, db.session.rollback)

    def sell(_):
        in_transaction(lambda product: services.take_stock({product.id: 1},
                                                           {product.id: "salt"}))

    def produce(_):
        in_transaction(lambda product: services.adjust_stock(
            product, 1, StockReason.PRODUCTION, None, "one more bag"))

    with ThreadPoolExecutor(2 * EACH) as pool:
        list(pool.map(lambda n: (sell if n % 2 else produce)(n), range(2 * EACH)))

    with shop.app_context():
        assert db.session.scalar(sa.select(Product.stock).where(Product.id == product_id)) \
            == start
        movements = db.session.scalars(sa.select(StockMovement.change).where(
            StockMovement.product_id == product_id)).all()
        assert movements == [1] * EACH
