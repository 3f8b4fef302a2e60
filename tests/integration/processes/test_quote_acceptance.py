"""A quote is converted at most once: two acceptances at the same instant make one order.

The distributor double-clicks (or accepts in two tabs): both requests reach the server
together, on their own threads and database connections, over a committed database
(SQLite, and PostgreSQL when STOREFRONT_TEST_DATABASE_URL is set).
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy as sa

from storefront.accounts.models import User
from storefront.catalog.models import Product
from storefront.extensions import db
from storefront.orders.models import Order
from storefront.quotes import services
from storefront.quotes.models import QuoteEvent, QuoteRequest
from storefront.quotes.states import QuoteStatus
from tests import factories
from tests.integration.processes.conftest import committed_database, seeded_app
from tests.web import CSRF, sign_in

FISH_SAUCE = "nuoc-mam-chay-moc-huong-500ml"
ATTEMPTS = 4


@pytest.fixture(params=["sqlite", "postgresql"])
def shop(request, tmp_path, media_root):
    url = committed_database(request.param, "storefront_quotes", tmp_path)
    app = seeded_app(url, tmp_path / "instance", media_root)
    yield app
    with app.app_context():
        db.engine.dispose()


def quoted_request(app) -> tuple[int, str, int]:
    """A verified distributor's request for 40 bottles, quoted by the producer."""
    with app.app_context():
        distributor = factories.make_user("distributor", verified_distributor=True)
        staff = factories.make_user("producer_staff",
                                    producer=factories.producer_by_slug("htx-nong-san-moc-huong"))
        found = factories.make_quote_request(distributor, FISH_SAUCE, 40)
        services.send_quote(found, staff, services.Offer(
            prices={found.lines[0].id: (40, 80_000)}, shipping_vnd=100_000))
        db.session.commit()
        return distributor.id, found.number, found.id


def ready_browser(app, distributor_id: int, number: str):
    client = app.test_client()
    with app.app_context():
        sign_in(client, db.session.get(User, distributor_id))
    page = client.get(f"/en/quotes/{number}").get_data(as_text=True)
    form = {"street": "5 Tràng Tiền", "commune": "Phường Hoàn Kiếm", "phone": "0912345678",
            "payment_method": "bank_transfer", "csrf_token": CSRF.search(page).group(1)}
    return client, form


def test_two_acceptances_at_once_make_one_order(shop):
    distributor_id, number, request_id = quoted_request(shop)
    with shop.app_context():
        stock_before = factories.product_by_slug(FISH_SAUCE).stock
    browsers = [ready_browser(shop, distributor_id, number) for _ in range(ATTEMPTS)]
    start = threading.Barrier(ATTEMPTS)

    def accept(browser):
        client, form = browser
        start.wait()
        return client.post(f"/en/quotes/{number}/accept", data=form,
                           headers={"Referer": f"https://localhost/en/quotes/{number}"})

    with ThreadPoolExecutor(ATTEMPTS) as pool:
        responses = list(pool.map(accept, browsers))

    statuses = sorted(response.status_code for response in responses)
    assert statuses == [302] + [409] * (ATTEMPTS - 1)
    refused = next(r for r in responses if r.status_code == 409).get_data(as_text=True)
    # Told why, whichever step the late request lost at (the check or the claim)
    assert any(reason in refused for reason in (
        "can no longer be accepted", "cannot go from “Ordered” to “Accepted”",
        "cannot go from “Accepted” to “Accepted”"))
    with shop.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Order.id))) == 1
        found = db.session.get(QuoteRequest, request_id)
        assert found.status == QuoteStatus.ORDERED
        assert found.order is not None
        assert db.session.scalar(sa.select(Product.stock).where(
            Product.slug == FISH_SAUCE)) == stock_before - 40
        accepted_events = db.session.scalar(sa.select(sa.func.count(QuoteEvent.id)).where(
            QuoteEvent.request_id == request_id, QuoteEvent.to_state == "accepted"))
        assert accepted_events == 1
