"""Stripe's webhook: only signed events count, each counts once, and none is trusted blindly.

Events here are built and signed by the test as Stripe signs them; the journeys against a
running fake Stripe (localstripe) are in processes/test_card_payments.py.
"""

import time

import pytest
import sqlalchemy as sa

from storefront.extensions import db
from storefront.orders.models import OrderEvent
from storefront.orders.states import PaymentStatus
from storefront.payments.models import Payment, WebhookEvent
from tests import factories
from tests.support.stripe_events import (
    charge_refunded_event,
    intent_event,
    signed,
    stripe_settings,
)
from tests.web import outbox, sign_in, submit

WEBHOOK = "/webhooks/stripe"


@pytest.fixture
def card_payments(app):
    saved = {key: app.config.get(key) for key in stripe_settings()}
    app.config.update(stripe_settings())
    yield
    app.config.update(saved)


@pytest.fixture
def card_order(card_payments):
    """An unpaid card order with its PaymentIntent (as the card page would have made it)."""
    order = factories.make_order(method="card", items=(("nuoc-mam-chay-moc-huong-500ml", 2),
                                                       ("dua-go-tau-quang-thuy-10-doi", 1)))
    payment = Payment(order=order, intent_id=f"pi_test_{order.id}_{time.time_ns()}",
                      amount_vnd=order.amount_due_vnd)
    db.session.add(payment)
    db.session.commit()
    return order


def deliver(client, event, **signing):
    body, signature = signed(event, **signing)
    return client.post(WEBHOOK, data=body, headers={"Stripe-Signature": signature,
                                                    "Content-Type": "application/json"})


def succeeded(order, **changes):
    payment = db.session.scalar(sa.select(Payment).where(Payment.order_id == order.id))
    return intent_event("payment_intent.succeeded", payment.intent_id,
                        amount=changes.pop("amount", order.amount_due_vnd), **changes)


def fresh(order):
    db.session.expire_all()
    return order


def payment_events(order) -> list[str]:
    return list(db.session.scalars(sa.select(OrderEvent.to_state).where(
        OrderEvent.order_id == order.id, OrderEvent.kind == "payment")))


def stored_events() -> int:
    return db.session.scalar(sa.select(sa.func.count(WebhookEvent.id)))


@pytest.mark.parametrize("signing", [
    {"secret": "whsec_forged"},
    {"timestamp": int(time.time()) - 3600},  # a replay of an old delivery
])
def test_a_forged_or_stale_signature_is_refused_and_changes_nothing(client, card_order, signing):
    response = deliver(client, succeeded(card_order), **signing)

    assert response.status_code == 400
    assert response.json == {"error": "Invalid signature."}
    assert fresh(card_order).payment_status == PaymentStatus.UNPAID
    assert stored_events() == 0


def test_a_missing_signature_or_a_body_that_is_no_event_is_refused(client, card_order):
    assert client.post(WEBHOOK, data=b"{}").status_code == 400
    body, signature = signed({"hello": "world"})
    response = client.post(WEBHOOK, data=body, headers={"Stripe-Signature": signature})
    assert response.status_code == 400
    body, signature = signed({})
    assert client.post(WEBHOOK, data=b"not json",
                       headers={"Stripe-Signature": signature}).status_code == 400
    assert stored_events() == 0


def test_a_verified_success_marks_the_order_paid_exactly_once(client, card_order):
    event = succeeded(card_order)

    status_url = f"/en/orders/{card_order.number}/status?token={card_order.access_token}"
    assert client.get(status_url).json == {"payment_status": "unpaid", "cancelled": False}

    first = deliver(client, event)
    again = deliver(client, event)  # Stripe redelivers when it did not see our 2xx in time

    assert client.get(status_url).json["payment_status"] == "paid"  # the waiting page sees it
    assert client.get(f"/en/orders/{card_order.number}/status").status_code == 404

    assert first.status_code == again.status_code == 200
    assert first.json["outcome"] == "paid"
    assert again.json["outcome"] == "duplicate"
    assert fresh(card_order).payment_status == PaymentStatus.PAID
    assert payment_events(card_order) == ["paid"]
    assert len(outbox("payment_received")) == 1
    assert stored_events() == 1
    # Producers were told to wait for the money, and are told once that it came
    assert all("Đơn chưa được thanh toán" in email.text_body
               for email in outbox("producer_new_order"))
    paid = outbox("producer_order_paid")
    assert len(paid) == 2  # one per producer of the order
    assert all("đã được thanh toán" in email.subject for email in paid)


def test_another_success_event_for_a_paid_order_changes_nothing(client, card_order):
    deliver(client, succeeded(card_order))

    response = deliver(client, succeeded(card_order))  # a new event id, same intent

    assert response.json["outcome"] == "already paid"
    assert payment_events(card_order) == ["paid"]
    assert len(outbox("payment_received")) == 1


def test_a_failure_arriving_after_the_success_does_not_undo_it(client, card_order):
    payment_id = db.session.scalar(sa.select(Payment.intent_id)
                                   .where(Payment.order_id == card_order.id))
    deliver(client, succeeded(card_order))

    response = deliver(client, intent_event(
        "payment_intent.payment_failed", payment_id, amount=card_order.amount_due_vnd,
        status="requires_payment_method", failure="Your card was declined."))

    assert response.json["outcome"] == "stale"
    assert fresh(card_order).payment_status == PaymentStatus.PAID


def test_a_declined_card_leaves_the_order_unpaid_with_a_clear_message(client, card_order):
    payment = db.session.scalar(sa.select(Payment).where(Payment.order_id == card_order.id))

    response = deliver(client, intent_event(
        "payment_intent.payment_failed", payment.intent_id, amount=card_order.amount_due_vnd,
        status="requires_payment_method", failure="Your card was declined."))

    assert response.json["outcome"] == "failed"
    assert fresh(card_order).payment_status == PaymentStatus.UNPAID
    page = client.get(f"/en/orders/{card_order.number}?token={card_order.access_token}")
    html = page.get_data(as_text=True)
    assert "Your card payment did not go through" in html
    assert "Card payment did not go through" in html  # the history says so too
    assert f"/en/orders/{card_order.number}/pay" in html  # and offers another try
    page = client.get(f"/vi/orders/{card_order.number}?token={card_order.access_token}")
    assert "Thanh toán thẻ không thành công" in page.get_data(as_text=True)


def test_an_event_for_an_unknown_intent_is_acknowledged_and_stored(client, card_payments):
    response = deliver(client, intent_event("payment_intent.succeeded", "pi_nobody_knows",
                                            amount=100_000))

    assert response.status_code == 200
    assert response.json["outcome"] == "unknown intent"
    assert stored_events() == 1


def test_events_of_other_types_are_acknowledged_and_ignored(client, card_payments):
    response = deliver(client, {"id": "evt_other", "object": "event", "type": "customer.created",
                                "created": int(time.time()),
                                "data": {"object": {"id": "cus_1", "object": "customer"}}})

    assert response.status_code == 200
    assert response.json["outcome"] == "ignored"


@pytest.mark.parametrize("changes", [{"amount": 1_000}, {"currency": "usd"}])
def test_an_amount_that_is_not_the_orders_is_flagged_and_never_paid(client, card_order,
                                                                    changes):
    response = deliver(client, succeeded(card_order, **changes))

    assert response.json["outcome"] == "flagged"
    assert fresh(card_order).payment_status == PaymentStatus.UNPAID
    payment = db.session.scalar(sa.select(Payment).where(Payment.order_id == card_order.id))
    assert payment.flag == "amount_mismatch"
    office = client.application.test_client()
    sign_in(office, factories.make_user(role="admin"))
    admin_page = office.get(f"/en/admin/orders/{card_order.number}").get_data(as_text=True)
    assert "amount_mismatch" not in admin_page  # shown in words, not as a code
    assert "does not match the order" in admin_page
    assert "Not marked paid" in admin_page
    buyer_page = client.get(f"/en/orders/{card_order.number}?token={card_order.access_token}")
    assert "For the office to check" not in buyer_page.get_data(as_text=True)


def test_a_refund_made_in_stripes_dashboard_is_recorded(client, card_order):
    deliver(client, succeeded(card_order))
    payment = db.session.scalar(sa.select(Payment).where(Payment.order_id == card_order.id))

    response = deliver(client, charge_refunded_event(
        payment.intent_id, amount=payment.amount_vnd, refunded=payment.amount_vnd))

    assert response.json["outcome"] == "refund recorded"
    assert fresh(card_order).payment_status == PaymentStatus.REFUNDED
    assert payment.refunded_vnd == payment.amount_vnd
    html = client.get(f"/en/orders/{card_order.number}?token={card_order.access_token}")
    assert "Refunded to the card" in html.get_data(as_text=True)


def checkout_page(client) -> str:
    product = factories.product_by_slug("nuoc-mam-chay-moc-huong-500ml")
    submit(client, "/en/cart/add", {"product_id": product.id, "quantity": 1},
           form_page="/en/products/nuoc-mam-chay-moc-huong-500ml")
    return client.get("/en/checkout").get_data(as_text=True)


def test_with_stripe_keys_checkout_offers_the_card(client, card_payments):
    html = checkout_page(client)

    assert 'value="card"' in html
    assert "this site never sees the card number" in html


def test_without_stripe_keys_there_is_no_card_option_and_no_webhook(client):
    html = checkout_page(client)
    body, signature = signed(intent_event("payment_intent.succeeded", "pi_x", amount=1))

    assert 'value="card"' not in html
    assert 'value="bank_transfer"' in html
    assert client.post(WEBHOOK, data=body,
                       headers={"Stripe-Signature": signature}).status_code == 404
    assert stored_events() == 0


def test_the_webhook_is_rate_limited(client, card_payments, app):
    app.config["RATELIMIT_WEBHOOK"] = "2 per minute"
    try:
        answers = [deliver(client, intent_event("payment_intent.succeeded", "pi_flood",
                                                amount=1)).status_code for _ in range(3)]
    finally:
        app.config["RATELIMIT_WEBHOOK"] = "600 per minute"

    assert answers == [200, 200, 429]
