"""Checkout, the order page (buyer or secret link), cancelling, the buyer's order history."""

from __future__ import annotations

import uuid

from flask import (
    Blueprint,
    abort,
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

from storefront.accounts.forms import ConfirmForm
from storefront.accounts.permissions import login_required
from storefront.cart import services as carts
from storefront.cart.views import current_cart
from storefront.catalog.services import OutOfStockError
from storefront.db import retry_when_busy
from storefront.extensions import db
from storefront.geography import PROVINCES_BY_CODE
from storefront.i18n import vnd
from storefront.orders import queries, services, vietqr
from storefront.orders.forms import CheckoutForm
from storefront.orders.states import (
    FULFILMENT_ACTIONS,
    FULFILMENT_LABELS,
    METHOD_LABELS,
    PAYMENT_LABELS,
    PaymentMethod,
    PaymentStatus,
)
from storefront.pagination import requested_page

bp = Blueprint("orders", __name__, template_folder="templates")


@bp.record_once
def _check_bank_account(state) -> None:
    """A malformed BANK_TRANSFER setting stops the start, not a buyer's checkout."""
    bank = state.app.config["BANK_TRANSFER"]
    try:
        vietqr.build_payload(vietqr.Transfer(bank_bin=str(bank.get("bin", "")),
                                             account=str(bank.get("account", "")),
                                             amount_vnd=1000, purpose="check"))
    except vietqr.VietQRError as error:
        raise ValueError(f"BANK_TRANSFER: {error}") from None
    for key in ("bank_name", "account_name"):
        if not bank.get(key):
            raise ValueError(f"BANK_TRANSFER needs {key}")


bp.add_app_template_filter(lambda s: str(FULFILMENT_LABELS.get(s, s)), "fulfilment_status")
bp.add_app_template_filter(lambda s: str(FULFILMENT_ACTIONS.get(s, s)), "fulfilment_action")
bp.add_app_template_filter(lambda s: str(PAYMENT_LABELS.get(s, s)), "payment_status")
bp.add_app_template_filter(lambda s: str(METHOD_LABELS.get(s, s)), "payment_method")


ACTOR_LABELS = {services.BUYER: _l("the buyer"), services.SYSTEM: _l("automatic"),
                services.CARD_PROCESSOR: _l("Stripe (card payments)"),
                services.BANK: _l("the bank (transfer received)")}


@bp.app_template_filter("event_actor")
def event_actor(event) -> str:
    """Who made the change: a named account, the buyer (a guest) or the system."""
    if event.actor is not None:
        return event.actor.name
    return str(ACTOR_LABELS.get(event.actor_label, event.actor_label))


@bp.app_template_filter("event_label")
def event_label(event) -> str:
    if event.kind == "refund":
        return gettext("Refunded to the card: %(amount)s", amount=vnd(event.amount_vnd or 0))
    if event.kind == "office":
        return (gettext("Checked by the office") if event.to_state == "checked"
                else gettext("For the office to check"))
    if event.kind == "payment" and event.to_state == "failed":
        return gettext("Card payment did not go through")
    if event.kind == "payment":
        return gettext("Payment: %(status)s", status=PAYMENT_LABELS.get(event.to_state,
                                                                      event.to_state))
    if event.to_state == "cancelled":
        return gettext("Order cancelled")
    return gettext("Order placed")

ORDERS_PER_PAGE = 20


def _prefill(form: CheckoutForm) -> None:
    """A signed-in buyer's details and default address, and a fresh idempotency key."""
    form.idempotency_key.data = uuid.uuid4().hex
    if not current_user.is_authenticated:
        return
    form.name.data, form.email.data = current_user.name, current_user.email
    form.phone.data = current_user.phone
    if current_user.addresses:
        address = current_user.addresses[0]
        form.name.data, form.phone.data = address.recipient_name, address.phone
        form.street.data, form.commune.data = address.street, address.commune
        form.province_code.data = address.province_code


def _render(form: CheckoutForm, summary, status: int = 200):
    # The total the page now shows; raw_data would otherwise re-render the submitted one.
    form.expected_total.data, form.expected_total.raw_data = summary.total_vnd, None
    return render_template("orders/checkout.html", form=form, summary=summary), status


def _contact(form: CheckoutForm) -> services.Contact:
    return services.Contact(
        name=form.name.data, email=form.email.data, phone=form.phone.data,
        street=form.street.data, commune=form.commune.data,
        province_code=form.province_code.data, note=form.note.data or "")


def _show(form: CheckoutForm, message, field: str | None) -> None:
    target = getattr(form, field, None) if field else None
    if target is not None:
        target.errors = [*target.errors, message]
    else:
        flash(message, "error")


@bp.route("/checkout", methods=["GET", "POST"])
def checkout():
    cart = current_cart()
    form = CheckoutForm(services.available_methods())
    if request.method == "GET":
        summary = carts.summarise(cart)
        if summary.is_empty or summary.unavailable:  # the cart page says what to fix
            if summary.is_empty:
                flash(gettext("Your cart is empty."), "info")
            return redirect(url_for("cart.view"))
        _prefill(form)
        if request.args.get("province") in PROVINCES_BY_CODE:  # chosen on the cart page
            form.province_code.data = request.args["province"]
        return _render(form, carts.summarise(cart, form.province_code.data or None))
    province = form.province_code.data if form.province_code.data in PROVINCES_BY_CODE else None
    if not form.validate_on_submit():
        return _render(form, carts.summarise(cart, province), 400)
    if cart is None:
        flash(gettext("Your cart is empty."), "info")
        return redirect(url_for("cart.view"))
    return _place(form, cart)


def _place(form: CheckoutForm, cart):
    buyer = current_user if current_user.is_authenticated else None
    submitted_key = form.idempotency_key.data or uuid.uuid4().hex

    def attempt():
        order = services.place_order(
            cart, _contact(form), method=PaymentMethod(form.payment_method.data),
            expected_total=form.expected_total.data, idempotency_key=submitted_key,
            locale=g.lang, user=buyer)
        db.session.commit()
        return order

    try:
        order = retry_when_busy(attempt, db.session.rollback)
    except IntegrityError:
        db.session.rollback()  # the same form, submitted twice at the same moment
        order = services.order_by_key(services.checkout_key(submitted_key, cart, buyer))
        if order is None:
            raise
    except services.PriceChangedError as error:
        db.session.rollback()
        carts.acknowledge_prices(cart)
        db.session.commit()
        flash(error.message, "error")
        return _render(form, carts.summarise(cart, form.province_code.data), 409)
    except (services.CheckoutError, OutOfStockError) as error:
        db.session.rollback()
        _show(form, error.message, getattr(error, "field", None))
        return _render(form, carts.summarise(cart, form.province_code.data or None), 409)
    if order.payment_method == PaymentMethod.CARD and order.payment_status == PaymentStatus.UNPAID:
        # The card page belongs to the payments layer, above this one: named, not imported.
        return redirect(url_for("payments.card", number=order.number, token=order.access_token))
    return redirect(url_for("orders.view", number=order.number, token=order.access_token))


@bp.get("/checkout/shipping")
def shipping():
    """Shipping and total for a province, for the checkout page's script."""
    province = request.args.get("province", "")
    if province not in PROVINCES_BY_CODE:
        return jsonify(error=gettext("Choose a province from the list.")), 400
    summary = carts.summarise(current_cart(), province)
    return jsonify(
        parcels=[{"producer_id": p.producer.id, "shipping_vnd": p.shipping_vnd,
                  "shipping": vnd(p.shipping_vnd)} for p in summary.parcels],
        shipping_vnd=summary.shipping_vnd, shipping=vnd(summary.shipping_vnd),
        total_vnd=summary.total_vnd, total=vnd(summary.total_vnd),
    )


def _order_for_visitor(number: str):
    token = request.values.get("token")
    order = services.order_for_visitor(number, current_user, token)
    if order is None:
        abort(404)  # a wrong token is "not found": numbers are guessable, orders are not
    return order, token


@bp.get("/orders/<number>")
def view(number: str):
    order, token = _order_for_visitor(number)
    payload = None
    if (order.payment_method == PaymentMethod.BANK_TRANSFER
            and order.payment_status == PaymentStatus.UNPAID and not order.is_cancelled):
        payload = vietqr.build_payload(services.bank_transfer(order))
    return render_template(
        "orders/order.html", order=order, token=token, confirm=ConfirmForm(),
        can_cancel=services.can_cancel(order), qr_payload=payload,
        qr_svg=vietqr.qr_svg(payload) if payload else None, timeline=queries.timeline(order))


@bp.get("/orders/<number>/status")
def status(number: str):
    """The payment status, for the order page's script waiting on a card payment."""
    order, _token = _order_for_visitor(number)
    return jsonify(payment_status=str(order.payment_status), cancelled=order.is_cancelled)


@bp.post("/orders/<number>/cancel")
def cancel(number: str):
    order, token = _order_for_visitor(number)
    if ConfirmForm().validate_on_submit():
        try:
            services.cancel_order(order, current_user if current_user.is_authenticated
                                  else None)
        except services.TransitionError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(gettext("Your order is cancelled; nothing will be sent."), "info")
    return redirect(url_for("orders.view", number=order.number, token=token))


@bp.get("/account/orders")
@login_required
def history():
    page = queries.orders_of(current_user.id, requested_page(), ORDERS_PER_PAGE)
    if page.page > page.pages:
        abort(404)
    return render_template("orders/history.html", page=page)
