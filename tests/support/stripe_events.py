"""Stripe-style webhook deliveries built by the tests: signed like Stripe signs them."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time

WEBHOOK_SECRET = "whsec_storefront_tests"
_ids = itertools.count(1)


def stripe_settings(api_base: str | None = None) -> dict:
    """The app settings that switch card payments on (against localstripe when given)."""
    return {"STRIPE_SECRET_KEY": "sk_test_storefront", "STRIPE_PUBLISHABLE_KEY":
            "pk_test_storefront", "STRIPE_WEBHOOK_SECRET": WEBHOOK_SECRET,
            "STRIPE_API_BASE": api_base}


def intent_event(kind: str, intent_id: str, *, amount: int, currency: str = "vnd",
                 status: str = "succeeded", failure: str | None = None,
                 event_id: str | None = None) -> dict:
    """A ``payment_intent.*`` event as Stripe sends it."""
    error = {"code": "card_declined", "message": failure} if failure else None
    return _event(kind, {"id": intent_id, "object": "payment_intent", "amount": amount,
                         "currency": currency, "status": status, "metadata": {},
                         "last_payment_error": error}, event_id)


def charge_refunded_event(intent_id: str, *, amount: int, refunded: int,
                          refund_ids: tuple[str, ...] = (), event_id: str | None = None) -> dict:
    refunds = [{"id": refund_id, "object": "refund"} for refund_id in refund_ids]
    return _event("charge.refunded", {
        "id": f"ch_test_{next(_ids)}", "object": "charge", "payment_intent": intent_id,
        "amount": amount, "amount_refunded": refunded, "refunded": refunded >= amount,
        "refunds": {"object": "list", "data": refunds}}, event_id)


def _event(kind: str, obj: dict, event_id: str | None) -> dict:
    return {"id": event_id or f"evt_test_{next(_ids)}_{int(time.time() * 1000)}",
            "object": "event", "type": kind, "created": int(time.time()),
            "api_version": "2024-06-20", "data": {"object": obj}}


def signed(event: dict, secret: str = WEBHOOK_SECRET,
           timestamp: int | None = None) -> tuple[bytes, str]:
    """The body and the Stripe-Signature header for it."""
    body = json.dumps(event).encode()
    timestamp = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body,
                      hashlib.sha256).hexdigest()
    return body, f"t={timestamp},v1={digest}"
