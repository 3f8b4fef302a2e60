"""Card payments: starting one, applying what Stripe says, refunding cancelled parts.

Stripe's webhook is the source of truth for "paid": the buyer coming back from the card
page only shows a status. Every external effect is idempotent: a webhook event is stored
once by its id, an order has one PaymentIntent created under a key derived from the
order, and a refund's key names the part it refunds, so nothing is paid or refunded twice
whatever is retried or redelivered.

Services flush, never commit. They may call Stripe inside the caller's transaction: if
that transaction then fails, the next webhook or ``flask payments reconcile`` brings the
two sides back together (see ``reconcile``).
"""

from __future__ import annotations

import logging

from flask_babel import gettext

from storefront.errors import DomainError
from storefront.extensions import db
from storefront.mail.services import queue_email
from storefront.orders import services as orders
from storefront.orders.models import Fulfilment, Order
from storefront.orders.states import PaymentMethod, PaymentStatus
from storefront.payments import queries
from storefront.payments import stripe_gateway as gateway
from storefront.payments.models import (
    CANCELED,
    FLAG_AMOUNT_MISMATCH,
    FLAG_LATE_PAYMENT,
    FLAG_REFUND_FAILED,
    PROCESSING,
    SUCCEEDED,
    Payment,
    Refund,
    WebhookEvent,
)

log = logging.getLogger(__name__)
STRIPE = orders.CARD_PROCESSOR


class PaymentError(DomainError):
    pass


def intent_key(order: Order) -> str:
    # The order's own random key, not its number: numbers restart with a fresh database,
    # and Stripe would answer a reused key with an old intent.
    return f"intent-{order.idempotency_key}"


def refund_key(order: Order, fulfilment: Fulfilment | None) -> str:
    return f"refund-{order.idempotency_key}-{fulfilment.id if fulfilment else 'all'}"


def awaits_card_payment(order: Order) -> bool:
    return (order.payment_method == PaymentMethod.CARD
            and order.payment_status == PaymentStatus.UNPAID and not order.is_cancelled)


# -- paying ---------------------------------------------------------------------------------

def start_card_payment(order: Order) -> tuple[Payment, str]:
    """The order's PaymentIntent (created on the first call) and its client secret, which
    is empty when the intent is already paid or processing (nothing left to enter).

    Raises PaymentError when the order does not wait for a card payment, and
    gateway.GatewayError when Stripe cannot be reached.
    """
    if not awaits_card_payment(order):
        raise PaymentError(gettext("This order is not waiting for a card payment."))
    payment = queries.payment_for(order)
    if payment is not None:
        intent = gateway.retrieve_intent(payment.intent_id)
        mirror_intent(payment, intent)
        if intent.status in (SUCCEEDED, PROCESSING):  # paid; the webhook is on its way
            return payment, ""
        if intent.amount_vnd != order.amount_due_vnd:  # a part was cancelled meanwhile
            intent = gateway.update_amount(payment.intent_id, order.amount_due_vnd)
            payment.amount_vnd = intent.amount_vnd
        return payment, intent.client_secret
    intent = gateway.create_intent(
        amount_vnd=order.amount_due_vnd, order_number=order.number, order_id=order.id,
        email=order.contact_email, idempotency_key=intent_key(order))
    payment = Payment(order=order, intent_id=intent.id, amount_vnd=intent.amount_vnd,
                      currency=intent.currency, intent_status=intent.status)
    db.session.add(payment)
    db.session.flush()
    return payment, intent.client_secret


def mirror_intent(payment: Payment, intent: gateway.Intent) -> None:
    """Copy Stripe's status, never stepping back from a success (events come out of order)."""
    if payment.intent_status == SUCCEEDED and intent.status != SUCCEEDED:
        return
    payment.intent_status = intent.status
    if intent.failure_message:
        payment.failure_message = intent.failure_message


# -- webhook events ---------------------------------------------------------------------------

def handle_event(event: gateway.Event) -> str:
    """Apply a verified Stripe event once; returns what happened (for the log and tests).

    A second delivery of the same event id changes nothing and returns "duplicate"; two
    deliveries at the same moment collide on the unique event id when committed.
    """
    if queries.event_seen(event.id):
        return "duplicate"
    row = WebhookEvent(event_id=event.id, type=event.type)
    db.session.add(row)
    handler = EVENT_HANDLERS.get(event.type)
    row.outcome = handler(event) if handler else "ignored"
    db.session.flush()
    log.info("Stripe event %s (%s): %s", event.id, event.type, row.outcome)
    return row.outcome


def _known_payment(intent_id: str) -> Payment | None:
    payment = queries.payment_by_intent(intent_id)
    if payment is None:
        log.warning("Stripe event for an unknown PaymentIntent %s", intent_id)
    return payment


def _on_succeeded(event: gateway.Event) -> str:
    payment = _known_payment(event.intent.id)
    return apply_success(payment, event.intent) if payment else "unknown intent"


def apply_success(payment: Payment, intent: gateway.Intent) -> str:
    """Stripe took the money: mark the order paid, unless the amount is not the order's
    (flagged for the office, never paid) or the order was closed meanwhile (refunded)."""
    mirror_intent(payment, intent)
    order = payment.order
    still_open = order.payment_status == PaymentStatus.UNPAID and not order.is_cancelled
    problem = _amount_problem(payment, intent, order.amount_due_vnd if still_open else None)
    if problem:
        _flag(payment, FLAG_AMOUNT_MISMATCH, problem)
        return "flagged"
    if order.payment_status == PaymentStatus.PAID:
        return "already paid"
    if still_open:
        payment.failure_message = ""
        orders.mark_paid(order, None, label=STRIPE)
        return "paid"
    if refund_key(order, None) in {refund.idempotency_key for refund in payment.refunds}:
        return "already refunded"
    _flag(payment, FLAG_LATE_PAYMENT,
          f"Paid {intent.amount_vnd} VND after the order was {order.payment_status}"
          f"{' and cancelled' if order.is_cancelled else ''}; refunded in full.")
    issue_refund(payment, payment.amount_vnd - payment.refunded_vnd, None)
    return "refunded late payment"


def _amount_problem(payment: Payment, intent: gateway.Intent, due: int | None) -> str:
    """Why Stripe's amount cannot be taken as payment: not what the intent asked, or (for
    an order still waiting) not what the order now costs."""
    asked = intent.currency == gateway.CURRENCY and intent.amount_vnd == payment.amount_vnd
    if asked and due in (None, payment.amount_vnd):
        return ""
    return (f"Stripe reports {intent.amount_vnd} {intent.currency.upper()} for intent "
            f"{intent.id}; the intent asked {payment.amount_vnd} VND"
            f"{f' and the order now costs {due} VND' if due is not None else ''}. "
            f"Not marked paid.")


def _on_failed(event: gateway.Event) -> str:
    payment = _known_payment(event.intent.id)
    if payment is None:
        return "unknown intent"
    if payment.is_succeeded:
        return "stale"  # a failure delivered after the success it preceded
    mirror_intent(payment, event.intent)
    payment.failure_message = (event.intent.failure_message
                               or "The card payment did not go through.")
    orders.record_payment_event(payment.order, "failed", label=STRIPE)
    return "failed"


def _on_refunded(event: gateway.Event) -> str:
    payment = _known_payment(event.charge_intent_id)
    if payment is None:
        return "unknown intent"
    for refund in payment.refunds:
        if refund.provider_refund_id in event.refund_ids and refund.status != "succeeded":
            refund.status = "succeeded"
    sync_refunded(payment, event.refunded_vnd)
    return "refund recorded"


EVENT_HANDLERS = {
    "payment_intent.succeeded": _on_succeeded,
    "payment_intent.payment_failed": _on_failed,
    "charge.refunded": _on_refunded,
}


def _flag(payment: Payment, flag: str, detail: str) -> None:
    """Leave the payment for a person at the office: listed, and noted on the order."""
    log.warning("Payment of order %s flagged (%s): %s", payment.order.number, flag, detail)
    payment.flag, payment.flag_detail = flag, detail
    orders.record_payment_event(payment.order, flag, label=STRIPE, kind="office", note=detail)


def resolve_flag(payment: Payment, actor) -> None:
    """A person at the office has dealt with the flagged payment."""
    if not payment.flag:
        return
    orders.record_payment_event(payment.order, "checked", label=actor.name, kind="office",
                                note=payment.flag_detail)
    payment.flag = payment.flag_detail = ""


# -- refunds and cancelled intents ---------------------------------------------------------

def on_parts_cancelled(_sender, order: Order, fulfilments: list[Fulfilment]) -> None:
    """Subscribed to orders.signals.parts_cancelled: refund what was paid for the cancelled
    parts, or stop the intent of an order that will never be paid."""
    if order.payment_method != PaymentMethod.CARD:
        return
    payment = queries.payment_for(order)
    if payment is None:
        return
    if order.payment_status == PaymentStatus.PAID:
        for fulfilment in fulfilments:
            issue_refund(payment, fulfilment.subtotal_vnd + fulfilment.shipping_vnd, fulfilment)
    elif not awaits_card_payment(order):
        cancel_intent(payment)
    elif order.amount_due_vnd != payment.amount_vnd:
        _lower_amount(payment, order.amount_due_vnd)


def issue_refund(payment: Payment, amount_vnd: int, fulfilment: Fulfilment | None) -> Refund:
    """Refund ``amount_vnd`` for a part (or, with ``fulfilment`` None, for everything left).

    Returns the existing refund when this part was refunded before. A Stripe failure leaves
    the refund "failed", flags the payment and does not raise: the cancellation stands, and
    ``flask payments reconcile --fix`` sends it again under the same key.
    """
    key = refund_key(payment.order, fulfilment)
    existing = queries.refund_by_key(key)
    if existing is not None:
        return existing
    # Hold the payment row while Stripe refunds: its charge.refunded webhook may arrive
    # before this transaction commits, and must then count this refund as known.
    db.session.flush()
    queries.lock_payment(payment.id)
    db.session.refresh(payment, ["refunded_vnd"])  # as committed by whoever held the lock
    amount_vnd = min(amount_vnd, payment.amount_vnd - payment.refunded_vnd)
    refund = Refund(payment=payment, fulfilment=fulfilment, amount_vnd=amount_vnd,
                    idempotency_key=key)
    db.session.add(refund)
    db.session.flush()  # the unique key is taken before Stripe hears of it
    if amount_vnd > 0:
        send_refund(refund)
    else:
        refund.status = "succeeded"
    return refund


def send_refund(refund: Refund) -> bool:
    payment = refund.payment
    order = payment.order
    try:
        result = gateway.refund(
            intent_id=payment.intent_id, amount_vnd=refund.amount_vnd,
            idempotency_key=refund.idempotency_key,
            metadata={"order_number": order.number,
                      "fulfilment_id": str(refund.fulfilment_id or "")})
    except gateway.GatewayError as error:
        refund.status, refund.failure_message = "failed", error.detail
        _flag(payment, FLAG_REFUND_FAILED, f"Refund of {refund.amount_vnd} VND failed: "
                                           f"{error.detail}")
        return False
    refund.status, refund.provider_refund_id, refund.failure_message = (
        "succeeded" if result.status == SUCCEEDED else result.status, result.id, "")
    if payment.flag == FLAG_REFUND_FAILED:
        payment.flag = payment.flag_detail = ""
    _count_refunded(payment, refund.amount_vnd)
    queue_email("refund_issued", order.contact_email, order.locale, to_name=order.contact_name,
                order=order, amount_vnd=refund.amount_vnd, link=orders.order_link(order))
    return True


def _count_refunded(payment: Payment, amount_vnd: int) -> None:
    payment.refunded_vnd += amount_vnd
    orders.record_payment_event(payment.order, "refunded", label=STRIPE, kind="refund",
                                amount_vnd=amount_vnd)
    if payment.refunded_vnd >= payment.amount_vnd:
        orders.mark_refunded(payment.order, label=STRIPE)


def sync_refunded(payment: Payment, refunded_at_stripe: int) -> None:
    """Stripe refunded more than we know of (from its dashboard, or a commit that failed
    after the refund went through): count the difference."""
    if refunded_at_stripe > payment.refunded_vnd:
        _count_refunded(payment, refunded_at_stripe - payment.refunded_vnd)


def cancel_intent(payment: Payment) -> None:
    """Stop an intent that can no longer be paid (the order expired or was cancelled).

    If the buyer paid at that very moment, Stripe refuses; its success event then refunds
    the late payment (see apply_success).
    """
    if payment.intent_status in (SUCCEEDED, CANCELED):
        return
    try:
        mirror_intent(payment, gateway.cancel_intent(payment.intent_id))
    except gateway.GatewayError as error:
        log.warning("Could not cancel intent %s of order %s: %s", payment.intent_id,
                    payment.order.number, error.detail)


def _lower_amount(payment: Payment, amount_vnd: int) -> None:
    """A part of an unpaid order was cancelled: the buyer pays only for the rest."""
    try:
        intent = gateway.update_amount(payment.intent_id, amount_vnd)
    except gateway.GatewayError as error:  # the card page updates it on the next visit
        log.warning("Could not lower intent %s: %s", payment.intent_id, error.detail)
        return
    payment.amount_vnd = intent.amount_vnd

