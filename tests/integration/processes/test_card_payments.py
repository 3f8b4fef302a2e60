"""Card payments against a running fake Stripe (localstripe), webhooks and all.

The app runs as a live server on 127.0.0.1 over its own committed database (SQLite, and
PostgreSQL when STOREFRONT_TEST_DATABASE_URL is set). localstripe holds the
PaymentIntents, charges the test cards and delivers signed webhooks to that server; the
test plays the buyer's browser with the real `stripe` library. Nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
import sqlalchemy as sa
import stripe
from flask import Flask
from werkzeug.serving import make_server

from storefront.accounts.models import User
from storefront.extensions import db
from storefront.mail.models import OutboxEmail
from storefront.orders import services as orders
from storefront.orders.cli import expire_due
from storefront.orders.models import Order, OrderEvent
from storefront.orders.states import FulfilmentStatus, PaymentStatus
from storefront.payments.models import Payment, Refund
from tests import factories
from tests.conftest import free_port
from tests.integration.processes.conftest import committed_database, seeded_app
from tests.support.stripe_events import WEBHOOK_SECRET, signed, stripe_settings
from tests.web import CSRF

TWO_PRODUCERS = (("nuoc-mam-chay-moc-huong-500ml", 2), ("dua-go-tau-quang-thuy-10-doi", 1))
WEBHOOK_ID = "storefront-tests"


@dataclass
class CardShop:
    app: Flask
    url: str
    stripe_base: str
    stripe: stripe.StripeClient

    def deliver_webhooks_to(self, url: str) -> None:
        data = urllib.parse.urlencode({"url": url, "secret": WEBHOOK_SECRET}).encode()
        urllib.request.urlopen(f"{self.stripe_base}/_config/webhooks/{WEBHOOK_ID}", data)  # noqa: S310

    @contextmanager
    def webhooks_lost(self) -> Iterator[None]:
        """Stripe's webhooks go nowhere meanwhile (a network cut, a host down)."""
        self.deliver_webhooks_to(f"http://127.0.0.1:{free_port()}/webhooks/stripe")
        try:
            yield
        finally:
            self.deliver_webhooks_to(f"{self.url}/webhooks/stripe")

    @contextmanager
    def stripe_unreachable(self) -> Iterator[None]:
        self.app.config["STRIPE_API_BASE"] = f"http://127.0.0.1:{free_port()}"
        try:
            yield
        finally:
            self.app.config["STRIPE_API_BASE"] = self.stripe_base


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def shop(request, tmp_path_factory, media_root, localstripe) -> Iterator[CardShop]:
    root = tmp_path_factory.mktemp("card-shop")
    url = committed_database(request.param, "storefront_payments", root)
    app = seeded_app(url, root, media_root, **stripe_settings(localstripe))
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    site = CardShop(app, f"http://127.0.0.1:{server.server_port}", localstripe,
                    stripe.StripeClient("sk_test_storefront",
                                        base_addresses={"api": localstripe}))
    site.deliver_webhooks_to(f"{site.url}/webhooks/stripe")
    yield site
    server.shutdown()
    with app.app_context():
        db.engine.dispose()


# -- the buyer, the office and the clock ------------------------------------------------------

def place_order(shop: CardShop, items=TWO_PRODUCERS) -> tuple[str, str]:
    with shop.app.app_context():
        order = factories.make_order(method="card", items=items, locale="en")
        db.session.commit()
        return order.number, order.access_token


def open_card_page(shop: CardShop, number: str, token: str):
    return shop.app.test_client().get(f"/en/orders/{number}/pay?token={token}")


def card_payment(shop: CardShop, number: str) -> Payment:
    with shop.app.app_context():
        payment = db.session.scalar(sa.select(Payment).join(Payment.order)
                                    .where(Order.number == number))
        db.session.expunge_all()
        return payment


def pay(shop: CardShop, intent_id: str, card: str = "pm_card_visa") -> str:
    """What Stripe.js does in the buyer's browser: attach the card, confirm."""
    shop.stripe.v1.payment_intents.update(intent_id, params={"payment_method": card})
    try:
        return shop.stripe.v1.payment_intents.confirm(intent_id).status
    except stripe.CardError as error:
        return error.user_message


def read(shop: CardShop, number: str, what):
    with shop.app.app_context():
        order = db.session.scalar(sa.select(Order).where(Order.number == number))
        return what(order)


def wait_for(shop: CardShop, number: str, what, expected, seconds: float = 15):
    """Webhooks arrive a moment later (localstripe waits a second before sending)."""
    deadline = time.monotonic() + seconds
    while (value := read(shop, number, what)) != expected:
        assert time.monotonic() < deadline, f"still {value!r}, waited for {expected!r}"
        time.sleep(0.2)


def payment_status(order: Order) -> PaymentStatus:
    return order.payment_status


def count(shop: CardShop, number: str, model, *conditions) -> int:
    def counted(order):
        return db.session.scalar(sa.select(sa.func.count()).select_from(model)
                                 .where(model.order_id == order.id, *conditions))
    return read(shop, number, counted)


def refunded_at_stripe(shop: CardShop, intent_id: str) -> int:
    intent = shop.stripe.v1.payment_intents.retrieve(intent_id,
                                                      params={"expand": ["latest_charge"]})
    return int(intent.latest_charge.amount_refunded)


def cancel_as_buyer(shop: CardShop, number: str, token: str):
    client = shop.app.test_client()
    page = client.get(f"/en/orders/{number}?token={token}").get_data(as_text=True)
    return client.post(f"/en/orders/{number}/cancel",
                       data={"token": token, "csrf_token": CSRF.search(page).group(1)},
                       headers={"Referer": f"https://localhost/en/orders/{number}"})


def reconcile(shop: CardShop, *args: str):
    return shop.app.test_cli_runner().invoke(args=["payments", "reconcile", *args])


# -- paying ---------------------------------------------------------------------------------

def test_a_card_payment_marks_the_order_paid_exactly_once(shop):
    number, token = place_order(shop)
    total = read(shop, number, lambda order: order.total_vnd)

    page = open_card_page(shop, number, token)
    again = open_card_page(shop, number, token)  # a reload, a second tab

    assert page.status_code == again.status_code == 200
    assert "https://js.stripe.com" in page.headers["Content-Security-Policy"]
    payment = card_payment(shop, number)
    assert payment.intent_id in page.get_data(as_text=True)  # in the client secret
    assert count(shop, number, Payment) == 1
    intent = shop.stripe.v1.payment_intents.retrieve(payment.intent_id)
    assert (intent.amount, intent.currency) == (total, "vnd")  # whole đồng, never ×100
    assert intent.metadata.to_dict() == {"order_number": number, "order_id": str(
        read(shop, number, lambda order: order.id))}
    assert intent.receipt_email == factories.CONTACT["email"]

    assert pay(shop, payment.intent_id) == "succeeded"

    wait_for(shop, number, payment_status, PaymentStatus.PAID)
    assert count(shop, number, OrderEvent, OrderEvent.to_state == "paid") == 1
    received = read(shop, number, lambda order: db.session.scalar(
        sa.select(sa.func.count(OutboxEmail.id)).where(OutboxEmail.kind == "payment_received",
                                                       OutboxEmail.text_body.contains(number))))
    assert received == 1
    # The buyer's order page, and the card page now sends them back to it
    order_page = shop.app.test_client().get(f"/en/orders/{number}?token={token}")
    html = order_page.get_data(as_text=True)
    assert "Paid" in html and "Pay by card" not in html
    assert "stripe.com" not in order_page.headers["Content-Security-Policy"]  # card page only
    assert open_card_page(shop, number, token).status_code == 302


def test_stripe_out_of_reach_gives_a_clear_page_and_a_retry(shop):
    number, token = place_order(shop)

    with shop.stripe_unreachable():
        page = open_card_page(shop, number, token)

    assert page.status_code == 503
    assert "Card payments are not available right now" in page.get_data(as_text=True)
    assert count(shop, number, Payment) == 0
    assert open_card_page(shop, number, token).status_code == 200  # "Try again" works


def test_stripes_own_event_delivered_again_changes_nothing(shop):
    number, token = place_order(shop)
    open_card_page(shop, number, token)
    payment = card_payment(shop, number)
    pay(shop, payment.intent_id)
    wait_for(shop, number, payment_status, PaymentStatus.PAID)
    event = next(event for event in shop.stripe.v1.events.list(
        params={"type": "payment_intent.succeeded", "limit": 100}).auto_paging_iter()
        if event.data.object.id == payment.intent_id)

    body, signature = signed(event.to_dict())
    answer = urllib.request.urlopen(urllib.request.Request(  # noqa: S310
        f"{shop.url}/webhooks/stripe", data=body, headers={"Stripe-Signature": signature}))

    assert b'"duplicate"' in answer.read()
    assert count(shop, number, OrderEvent, OrderEvent.to_state == "paid") == 1


def test_a_declined_card_leaves_the_order_unpaid_until_another_card_pays(shop):
    number, token = place_order(shop)
    open_card_page(shop, number, token)
    payment = card_payment(shop, number)

    assert pay(shop, payment.intent_id, "pm_card_chargeCustomerFail") == "Your card was declined."

    wait_for(shop, number, lambda order: count(shop, number, OrderEvent,
                                               OrderEvent.to_state == "failed"), 1)
    assert read(shop, number, payment_status) == PaymentStatus.UNPAID
    html = shop.app.test_client().get(f"/en/orders/{number}?token={token}").get_data(True)
    assert "Your card payment did not go through" in html
    card_page = open_card_page(shop, number, token).get_data(as_text=True)
    assert "The last attempt did not go through" in card_page

    assert pay(shop, payment.intent_id) == "succeeded"  # another card, the same intent

    wait_for(shop, number, payment_status, PaymentStatus.PAID)
    assert card_payment(shop, number).failure_message == ""


# -- refunds ----------------------------------------------------------------------------------

def paid_order(shop: CardShop) -> tuple[str, str, Payment]:
    number, token = place_order(shop)
    open_card_page(shop, number, token)
    payment = card_payment(shop, number)
    pay(shop, payment.intent_id)
    wait_for(shop, number, payment_status, PaymentStatus.PAID)
    return number, token, payment


def test_a_buyer_cancelling_a_paid_order_is_refunded_exactly_once(shop):
    number, token, payment = paid_order(shop)

    response = cancel_as_buyer(shop, number, token)

    assert response.status_code == 302
    assert refunded_at_stripe(shop, payment.intent_id) == payment.amount_vnd
    assert read(shop, number, payment_status) == PaymentStatus.REFUNDED
    assert card_payment(shop, number).refunded_vnd == payment.amount_vnd
    assert count(shop, number, OrderEvent, OrderEvent.kind == "refund") == 2  # one per part

    # The same cancellation signalled again (a retry, a second worker) refunds nothing more
    def signal_again(order):
        cancelled = [f for f in order.fulfilments if f.status == FulfilmentStatus.CANCELLED]
        orders.signals.parts_cancelled.send(None, order=order, fulfilments=cancelled)
        db.session.commit()
    read(shop, number, signal_again)
    assert refunded_at_stripe(shop, payment.intent_id) == payment.amount_vnd
    assert len(shop.stripe.v1.refunds.list(
        params={"payment_intent": payment.intent_id}).data) == 2
    assert "Refunded to your card" in shop.app.test_client().get(
        f"/en/orders/{number}?token={token}").get_data(as_text=True)


def test_a_producer_cancelling_their_part_refunds_only_that_part(shop):
    number, _token, payment = paid_order(shop)
    office = read(shop, number, lambda _: factories.make_user(role="admin").id)

    def cancel_part(index):
        def cancel(order):
            part = order.fulfilments[index]
            orders.advance_fulfilment(part, FulfilmentStatus.CANCELLED,
                                      db.session.get(User, office), note="Out of stock")
            db.session.commit()
            return part.subtotal_vnd + part.shipping_vnd
        return read(shop, number, cancel)

    first_part = cancel_part(0)

    assert refunded_at_stripe(shop, payment.intent_id) == first_part
    assert read(shop, number, payment_status) == PaymentStatus.PAID  # the rest still comes
    emails = read(shop, number, lambda order: db.session.scalars(
        sa.select(OutboxEmail.subject).where(OutboxEmail.kind == "refund_issued",
                                             OutboxEmail.subject.contains(number))).all())
    assert len(emails) == 1

    cancel_part(1)

    assert refunded_at_stripe(shop, payment.intent_id) == payment.amount_vnd
    assert read(shop, number, payment_status) == PaymentStatus.REFUNDED


def test_a_refund_stripe_could_not_take_is_sent_again_by_reconcile(shop):
    number, token, payment = paid_order(shop)

    with shop.stripe_unreachable():
        assert cancel_as_buyer(shop, number, token).status_code == 302  # the cancel stands

    assert read(shop, number, lambda order: order.is_cancelled)
    assert refunded_at_stripe(shop, payment.intent_id) == 0
    assert card_payment(shop, number).flag == "refund_failed"
    statuses = read(shop, number, lambda order: db.session.scalars(
        sa.select(Refund.status).join(Refund.payment).where(Payment.order_id == order.id)
    ).all())
    assert statuses == ["failed", "failed"]  # kept, with their keys, to be sent again
    found = reconcile(shop)
    assert found.exit_code == 1
    assert f"{number}: refund of" in found.output and "repairable with --fix" in found.output

    fixed = reconcile(shop, "--fix")

    assert fixed.exit_code == 0, fixed.output
    assert refunded_at_stripe(shop, payment.intent_id) == payment.amount_vnd
    assert read(shop, number, payment_status) == PaymentStatus.REFUNDED
    assert card_payment(shop, number).flag == ""


# -- expiry, late payments, reconciliation -------------------------------------------------

def make_due(order: Order) -> None:
    order.expires_at = order.created_at - dt.timedelta(minutes=1)
    db.session.commit()


def test_expiry_cancels_the_payment_intent(shop):
    number, token = place_order(shop)
    open_card_page(shop, number, token)
    payment = card_payment(shop, number)
    read(shop, number, make_due)

    with shop.app.app_context():
        assert expire_due() >= 1

    assert read(shop, number, payment_status) == PaymentStatus.EXPIRED
    assert shop.stripe.v1.payment_intents.retrieve(payment.intent_id).status == "canceled"
    assert card_payment(shop, number).intent_status == "canceled"


def test_a_payment_arriving_after_expiry_is_refunded_in_full(shop):
    number, token = place_order(shop)
    open_card_page(shop, number, token)
    payment = card_payment(shop, number)
    read(shop, number, make_due)
    with shop.stripe_unreachable(), shop.app.app_context():  # the intent stays open
        expire_due()

    pay(shop, payment.intent_id)  # the buyer had the card page open all along

    wait_for(shop, number, lambda order: card_payment(shop, number).refunded_vnd,
             payment.amount_vnd)
    assert refunded_at_stripe(shop, payment.intent_id) == payment.amount_vnd
    assert read(shop, number, payment_status) == PaymentStatus.EXPIRED
    assert card_payment(shop, number).flag == "late_payment"


def test_reconcile_finds_a_payment_whose_webhook_was_lost_and_fixes_it(shop):
    number, token = place_order(shop)
    open_card_page(shop, number, token)
    payment = card_payment(shop, number)
    with shop.webhooks_lost():
        pay(shop, payment.intent_id)
        time.sleep(1.5)  # localstripe has tried and failed to deliver

    assert read(shop, number, payment_status) == PaymentStatus.UNPAID
    back = open_card_page(shop, number, token)  # nothing left to pay: wait on the order page
    assert back.status_code == 302
    assert "redirect_status=processing" in back.headers["Location"]
    found = reconcile(shop)
    assert found.exit_code == 1
    assert f"{number}: paid at Stripe, not paid here — repairable with --fix" in found.output

    fixed = reconcile(shop, "--fix")

    assert f"{number}: paid at Stripe, not paid here — fixed" in fixed.output
    assert fixed.exit_code == 0
    assert read(shop, number, payment_status) == PaymentStatus.PAID
    clean = reconcile(shop)
    assert clean.exit_code == 0
    assert "0 disagreement(s)" in clean.output
