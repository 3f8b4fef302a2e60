"""The one module that talks to Stripe (DESIGN.md rule 8).

Everything the rest of the app gets back is a plain dataclass, and every Stripe failure is
a ``GatewayError`` with a message fit for a buyer: no ``stripe`` type leaks out. Amounts are
whole đồng both ways: VND is zero-decimal, so 150000 means 150.000 ₫ (never ×100).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import stripe
from flask import current_app
from flask_babel import gettext

log = logging.getLogger(__name__)

CURRENCY = "vnd"


class GatewayError(Exception):
    """Stripe refused or could not be reached.

    ``message`` is for the buyer; ``detail`` (Stripe's own words) for the log and the office.
    ``declined`` is a card the bank refused.
    """

    def __init__(self, message: str, *, detail: str = "", declined: bool = False,
                 code: str = ""):
        super().__init__(message)
        self.message = message
        self.detail = detail or message
        self.declined = declined
        self.code = code


class BadSignatureError(Exception):
    """A webhook whose signature is missing, forged, stale, or whose body is not an event."""


@dataclass(frozen=True)
class Intent:
    id: str
    status: str
    amount_vnd: int
    currency: str
    client_secret: str = ""
    metadata: dict = field(default_factory=dict)
    failure_message: str = ""
    refunded_vnd: int = 0  # from the intent's latest charge, when Stripe sent it


@dataclass(frozen=True)
class RefundResult:
    id: str
    amount_vnd: int
    status: str


@dataclass(frozen=True)
class Event:
    id: str
    type: str
    intent: Intent | None = None  # payment_intent.* events
    charge_intent_id: str = ""  # charge.* events: the charge's PaymentIntent
    refunded_vnd: int = 0  # charge.refunded: everything refunded on the charge so far
    refund_ids: tuple[str, ...] = ()


def is_configured() -> bool:
    return bool(current_app.config.get("STRIPE_SECRET_KEY"))


def _client() -> stripe.StripeClient:
    config = current_app.config
    base = config.get("STRIPE_API_BASE")
    return stripe.StripeClient(
        config["STRIPE_SECRET_KEY"],
        base_addresses={"api": base} if base else None,
        max_network_retries=2,  # Stripe's own retries reuse the idempotency key
    )


def _failed(error: stripe.StripeError) -> GatewayError:
    detail = " ".join(str(error.user_message or error).split())[:500]
    if isinstance(error, stripe.CardError):
        return GatewayError(error.user_message or gettext("Your card was declined."),
                            detail=detail, declined=True, code=error.code or "")
    log.warning("Stripe call failed: %s", detail)
    return GatewayError(gettext("Card payments are not available right now. Try again in a "
                                "minute, or cancel this order and pay another way."),
                        detail=detail, code=getattr(error, "code", "") or "")


def _get(obj, name: str, default=None):
    """Attribute access that tolerates a missing attribute (and plain dicts in tests)."""
    if isinstance(obj, dict):
        return obj.get(name, default)
    try:
        return getattr(obj, name)
    except AttributeError:
        return default


def _intent(obj) -> Intent:
    error = _get(obj, "last_payment_error")
    charge = _get(obj, "latest_charge")
    metadata = _get(obj, "metadata") or {}
    if hasattr(metadata, "to_dict"):  # a StripeObject is not a mapping (stripe >= 15)
        metadata = metadata.to_dict()
    return Intent(
        id=obj.id, status=_get(obj, "status", ""), amount_vnd=int(_get(obj, "amount", 0)),
        currency=(_get(obj, "currency", "") or "").lower(),
        client_secret=_get(obj, "client_secret", "") or "",
        metadata={key: str(metadata[key]) for key in metadata},
        failure_message=(_get(error, "message", "") or "") if error else "",
        refunded_vnd=int(_get(charge, "amount_refunded", 0) or 0)
        if charge is not None and not isinstance(charge, str) else 0,
    )


def create_intent(*, amount_vnd: int, order_number: str, order_id: int, email: str,
                  idempotency_key: str) -> Intent:
    """A card-only PaymentIntent for the order. The same key returns the same intent."""
    try:
        intent = _client().v1.payment_intents.create(
            params={
                "amount": amount_vnd, "currency": CURRENCY, "payment_method_types": ["card"],
                "metadata": {"order_number": order_number, "order_id": str(order_id)},
                "receipt_email": email,
            },
            options={"idempotency_key": idempotency_key},
        )
    except stripe.StripeError as error:
        raise _failed(error) from error
    return _intent(intent)


def retrieve_intent(intent_id: str) -> Intent:
    try:
        return _intent(_client().v1.payment_intents.retrieve(
            intent_id, params={"expand": ["latest_charge"]}))
    except stripe.StripeError as error:
        raise _failed(error) from error


def update_amount(intent_id: str, amount_vnd: int) -> Intent:
    try:
        return _intent(_client().v1.payment_intents.update(
            intent_id, params={"amount": amount_vnd}))
    except stripe.StripeError as error:
        raise _failed(error) from error


def cancel_intent(intent_id: str) -> Intent:
    try:
        return _intent(_client().v1.payment_intents.cancel(intent_id))
    except stripe.StripeError as error:
        raise _failed(error) from error


def refund(*, intent_id: str, amount_vnd: int, idempotency_key: str,
           metadata: dict[str, str]) -> RefundResult:
    """Refund part or all of the intent's charge; the same key never refunds twice."""
    try:
        result = _client().v1.refunds.create(
            params={"payment_intent": intent_id, "amount": amount_vnd, "metadata": metadata},
            options={"idempotency_key": idempotency_key},
        )
    except stripe.StripeError as error:
        raise _failed(error) from error
    return RefundResult(id=result.id, amount_vnd=int(result.amount), status=result.status)


def parse_event(payload: bytes, signature: str | None) -> Event:
    """Verify the Stripe-Signature header against the webhook secret and read the event.

    Raises BadSignatureError for a missing or wrong signature, a stale timestamp, or a body that
    is not a Stripe event.
    """
    secret = current_app.config.get("STRIPE_WEBHOOK_SECRET")
    if not signature or not secret:
        raise BadSignatureError("no signature")
    try:
        event = stripe.Webhook.construct_event(payload, signature, secret)
    except (stripe.SignatureVerificationError, ValueError) as error:
        raise BadSignatureError(str(error)) from error
    try:
        return _event(event)
    except (AttributeError, KeyError, TypeError, ValueError) as error:
        raise BadSignatureError(f"not an event: {error}") from error


def _event(event) -> Event:
    obj = event.data.object
    kind = _get(obj, "object", "")
    if kind == "payment_intent":
        return Event(id=event.id, type=event.type, intent=_intent(obj))
    if kind == "charge":
        refunds = _get(_get(obj, "refunds"), "data", None) or []
        return Event(id=event.id, type=event.type,
                     charge_intent_id=_get(obj, "payment_intent", "") or "",
                     refunded_vnd=int(_get(obj, "amount_refunded", 0) or 0),
                     refund_ids=tuple(refund.id for refund in refunds))
    return Event(id=event.id, type=event.type)
