"""The card page (Stripe's Payment Element) and Stripe's webhook.

The card page is the one page whose Content-Security-Policy lets Stripe.js in. Coming back
from it shows a status; only the webhook (or a reconcile run) marks an order paid.
"""

from __future__ import annotations

import logging

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from storefront.db import retry_when_busy
from storefront.extensions import csrf, db, limiter
from storefront.orders import services as orders
from storefront.orders import signals as order_signals
from storefront.payments import models, queries, services
from storefront.payments import stripe_gateway as gateway

log = logging.getLogger(__name__)
bp = Blueprint("payments", __name__, template_folder="templates")
webhooks_bp = Blueprint("webhooks", __name__)
STRIPE_ORIGINS = {
    "script-src": ["https://js.stripe.com"],
    "frame-src": ["https://js.stripe.com", "https://hooks.stripe.com"],
    "connect-src": ["https://api.stripe.com"],
}


FLAG_LABELS = {
    models.FLAG_AMOUNT_MISMATCH: _l("The amount Stripe reported does not match the order."),
    models.FLAG_REFUND_FAILED: _l("A refund could not be sent. `flask payments reconcile "
                                  "--fix` sends it again."),
    models.FLAG_LATE_PAYMENT: _l("Paid after the order was closed, and refunded in full."),
}
REFUND_LABELS = {"pending": _l("Being sent"), "succeeded": _l("Sent"), "failed": _l("Failed")}
bp.add_app_template_filter(lambda flag: str(FLAG_LABELS.get(flag, flag)), "payment_flag")
bp.add_app_template_filter(lambda status: str(REFUND_LABELS.get(status, status)),
                           "refund_status")


@bp.record_once
def _set_up(state) -> None:
    """Refuse to start half-configured, and refund cancelled parts of card orders."""
    config = state.app.config
    if config.get("STRIPE_SECRET_KEY"):
        for name in ("STRIPE_PUBLISHABLE_KEY", "STRIPE_WEBHOOK_SECRET"):
            if not config.get(name):
                raise RuntimeError(
                    f"STOREFRONT_STRIPE_SECRET_KEY is set but STOREFRONT_{name} is not: card "
                    f"payments cannot work without it. Set it, or unset the secret key to "
                    f"run without card payments.")
    order_signals.parts_cancelled.connect(services.on_parts_cancelled)


@bp.app_template_global("card_payment_of")
def card_payment_of(order):
    """For the order pages: the card payment, if the order has one."""
    return queries.payment_for(order)


def _order_for_visitor(number: str):
    token = request.values.get("token")
    order = orders.order_for_visitor(number, current_user, token)
    if order is None:
        abort(404)
    return order, token


@bp.get("/orders/<number>/pay")
def card(number: str):
    order, token = _order_for_visitor(number)
    back = url_for("orders.view", number=order.number, token=token)
    if not gateway.is_configured() or not services.awaits_card_payment(order):
        flash(gettext("This order is not waiting for a card payment."), "info")
        return redirect(back)
    try:
        payment, client_secret = retry_when_busy(lambda: _start(order), db.session.rollback)
    except services.PaymentError as error:  # paid or cancelled between two clicks
        db.session.rollback()
        flash(error.message, "info")
        return redirect(back)
    except gateway.GatewayError as error:
        db.session.rollback()
        return render_template("payments/card.html", order=order, error=error.message,
                               back=back), 503
    if not client_secret:  # paid a moment ago: the order page waits for the webhook
        return redirect(url_for("orders.view", number=order.number, token=token,
                                redirect_status="processing"))
    g.csp_extra = STRIPE_ORIGINS
    return render_template(
        "payments/card.html", order=order, payment=payment, client_secret=client_secret,
        back=back, return_url=url_for("orders.view", number=order.number, token=token,
                                      _external=True))


def _start(order):
    try:
        started = services.start_card_payment(order)
        db.session.commit()
        return started
    except IntegrityError:  # the same order's page opened twice at the same moment
        db.session.rollback()
        return services.start_card_payment(order)


@webhooks_bp.post("/webhooks/stripe")
@csrf.exempt
@limiter.limit(lambda: current_app.config["RATELIMIT_WEBHOOK"])
def stripe_webhook():
    """Stripe's events. 400 (and nothing changes) unless the signature is right."""
    if not gateway.is_configured():
        return jsonify(error="Card payments are not configured."), 404
    try:
        event = gateway.parse_event(request.get_data(), request.headers.get("Stripe-Signature"))
    except gateway.BadSignatureError as error:
        log.warning("Rejected a Stripe webhook: %s", error)
        return jsonify(error="Invalid signature."), 400
    try:
        outcome = retry_when_busy(lambda: _handle(event), db.session.rollback)
    except IntegrityError:  # the same event delivered twice at the same moment
        db.session.rollback()
        outcome = "duplicate"
    return jsonify(received=True, outcome=outcome)


def _handle(event: gateway.Event) -> str:
    outcome = services.handle_event(event)
    db.session.commit()
    return outcome
