"""Concurrent buyers and overlapping cron runs against a real, committed database.

30 buyers, each on their own thread and database connection, race through the checkout
for the last 10 units: exactly 10 are sold, stock never goes negative and each of the 20
others is told why. Two `flask orders expire` runs at the same moment expire each order
once. Both run on a SQLite file and, when STOREFRONT_TEST_DATABASE_URL is set, on a
PostgreSQL database of their own (these tests commit for real).
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy as sa

from storefront.catalog.models import Product
from storefront.extensions import db
from storefront.mail.models import OutboxEmail
from storefront.orders.cli import expire_due
from storefront.orders.models import Order, OrderEvent, OrderLine
from storefront.orders.states import PaymentStatus
from tests import factories
from tests.integration.processes.conftest import committed_database, seeded_app
from tests.web import CSRF, csrf_token

PRODUCT = "nuoc-mam-chay-moc-huong-500ml"
BUYERS, UNITS = 30, 10
HIDDEN = re.compile(r'<input[^>]*name="(idempotency_key)"[^>]*value="([^"]*)"')
CONTACT = {"name": "Khách", "email": "khach@example.com", "phone": "0912345678",
           "street": "1 Lý Thường Kiệt", "commune": "Phường Đồng Hới",
           "province_code": "quang-tri", "payment_method": "cod"}


@pytest.fixture(params=["sqlite", "postgresql"])
def shop(request, tmp_path, media_root):
    """An app over its own migrated, seeded and committed database."""
    url = committed_database(request.param, "storefront_concurrency", tmp_path)
    # One connection per buyer: PostgreSQL really sees 30 concurrent transactions.
    app = seeded_app(url, tmp_path / "instance", media_root, SQLALCHEMY_ENGINE_OPTIONS=(
        {"pool_size": BUYERS + 2} if request.param == "postgresql" else {}))
    yield app
    with app.app_context():
        db.engine.dispose()


def set_stock(app, units: int) -> int:
    with app.app_context():
        product = factories.product_by_slug(PRODUCT)
        product.stock = units
        db.session.commit()
        return product.id


def ready_buyer(app, product_id: int):
    """A browser with one unit in its cart, on the checkout page."""
    client = app.test_client()
    # the product page is shared (no token in its form): ask for one, as site.js does
    client.post("/vi/cart/add", data={"product_id": product_id, "quantity": 1,
                                      "csrf_token": csrf_token(client, f"/vi/products/{PRODUCT}")},
                headers={"Referer": f"https://localhost/vi/products/{PRODUCT}"})
    page = client.get("/vi/checkout").get_data(as_text=True)
    total = client.get("/vi/checkout/shipping?province=quang-tri").json["total_vnd"]
    form = {**CONTACT, **dict(HIDDEN.findall(page)), "expected_total": total,
            "csrf_token": CSRF.search(page).group(1)}
    return client, form


def test_thirty_buyers_for_the_last_ten_units(shop):
    product_id = set_stock(shop, UNITS)
    buyers = [ready_buyer(shop, product_id) for _ in range(BUYERS)]
    start = threading.Barrier(BUYERS)

    def buy(buyer):
        client, form = buyer
        start.wait()
        return client.post("/vi/checkout", data=form,
                           headers={"Referer": "https://localhost/vi/checkout"})

    with ThreadPoolExecutor(BUYERS) as pool:
        responses = list(pool.map(buy, buyers))

    placed = [r for r in responses if r.status_code == 302]
    refused = [r for r in responses if r.status_code != 302]
    assert len(placed) == UNITS
    assert {r.status_code for r in refused} == {409}
    for response in refused:  # each of them is told, in their language, why
        page = response.get_data(as_text=True)
        assert "đã hết hàng" in page, page[page.find("<main"):][:3000]
    with shop.app_context():
        assert db.session.get(Product, product_id).stock == 0
        sold = db.session.scalar(sa.select(sa.func.sum(OrderLine.quantity))
                                 .where(OrderLine.product_id == product_id))
        assert sold == UNITS
        assert db.session.scalar(sa.select(sa.func.count(Order.id))) == UNITS
        assert db.session.scalar(sa.select(sa.func.count(OutboxEmail.id)).where(
            OutboxEmail.kind == "order_placed")) == UNITS


def test_overlapping_expiry_runs_release_stock_once(shop):
    product_id = set_stock(shop, 20)
    with shop.app_context():
        for _ in range(5):
            order = factories.make_order(items=((PRODUCT, 2),), method="bank_transfer")
            order.expires_at = order.created_at - dt.timedelta(minutes=5)
        db.session.commit()
        assert db.session.get(Product, product_id).stock == 10
    start = threading.Barrier(2)

    def run_cron():
        with shop.app_context():
            start.wait()
            return expire_due()

    with ThreadPoolExecutor(2) as pool:
        counts = list(pool.map(lambda _: run_cron(), range(2)))

    assert sum(counts) == 5
    with shop.app_context():
        assert db.session.get(Product, product_id).stock == 20
        expired = db.session.scalars(sa.select(Order.payment_status)).all()
        assert expired == [PaymentStatus.EXPIRED] * 5
        assert db.session.scalar(sa.select(sa.func.count(OrderEvent.id)).where(
            OrderEvent.to_state == "expired")) == 5
        assert db.session.scalar(sa.select(sa.func.count(OutboxEmail.id)).where(
            OutboxEmail.kind == "order_expired")) == 5
