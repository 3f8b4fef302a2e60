"""Finding (and repairing) card payments whose local state disagrees with Stripe's.

Disagreements come from a webhook that never arrived, a commit that failed after Stripe
acted, a refund Stripe refused for a while, or a refund made in Stripe's dashboard. Each
is described in one line; those with a safe repair carry it, the rest need a person.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from storefront.orders.states import PaymentStatus
from storefront.payments import services
from storefront.payments import stripe_gateway as gateway
from storefront.payments.models import CANCELED, SUCCEEDED, Payment

CANCELLABLE = {"requires_payment_method", "requires_confirmation", "requires_action",
               "requires_capture"}


@dataclass
class Disagreement:
    order_number: str
    problem: str
    repair: Callable[[], None] | None  # None: a person must decide

    @property
    def fixable(self) -> bool:
        return self.repair is not None


def check(payment: Payment) -> list[Disagreement]:
    """What is wrong with this payment, asking Stripe for the intent's state."""
    number = payment.order.number
    try:
        intent = gateway.retrieve_intent(payment.intent_id)
    except gateway.GatewayError as error:
        return [Disagreement(number, f"cannot read intent {payment.intent_id}: "
                                     f"{error.detail}", None)]
    found = [*_payment_state(payment, intent), *_refund_state(payment, intent)]
    if not found and intent.status != payment.intent_status and payment.intent_status != SUCCEEDED:
        found.append(Disagreement(
            number, f"intent is {intent.status}, recorded as {payment.intent_status}",
            lambda: services.mirror_intent(payment, intent)))
    return found


def _payment_state(payment: Payment, intent: gateway.Intent) -> list[Disagreement]:
    order, number = payment.order, payment.order.number
    if intent.status == SUCCEEDED and order.payment_status == PaymentStatus.UNPAID:
        return [Disagreement(number, "paid at Stripe, not paid here",
                             lambda: services.apply_success(payment, intent))]
    if (intent.status == SUCCEEDED and order.payment_status == PaymentStatus.EXPIRED
            and payment.refunded_vnd < intent.amount_vnd and not payment.refunds):
        return [Disagreement(number, "paid at Stripe after the order expired, not refunded",
                             lambda: services.apply_success(payment, intent))]
    if order.payment_status == PaymentStatus.PAID and intent.status != SUCCEEDED:
        return [Disagreement(number, f"paid here, but the intent is {intent.status}", None)]
    if not services.awaits_card_payment(order) and intent.status in CANCELLABLE:
        return [Disagreement(number, f"order closed ({order.payment_status}), intent still "
                                     f"{intent.status}", lambda: services.cancel_intent(payment))]
    return []


def _refund_state(payment: Payment, intent: gateway.Intent) -> list[Disagreement]:
    number = payment.order.number
    found = [
        Disagreement(number, f"refund of {refund.amount_vnd} VND not sent: "
                             f"{refund.failure_message}",
                     lambda refund=refund: services.send_refund(refund))
        for refund in payment.refunds if refund.status == "failed"
    ]
    if intent.refunded_vnd > payment.refunded_vnd:
        found.append(Disagreement(
            number, f"Stripe refunded {intent.refunded_vnd} VND, recorded {payment.refunded_vnd}",
            lambda: services.sync_refunded(payment, intent.refunded_vnd)))
    elif intent.refunded_vnd < payment.refunded_vnd and intent.status != CANCELED:
        found.append(Disagreement(
            number, f"recorded {payment.refunded_vnd} VND refunded, Stripe shows "
                    f"{intent.refunded_vnd}", None))
    return found
