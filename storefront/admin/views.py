"""``/<lang>/admin/…``: the OCOP office — distributors, producer staff, orders, the outbox."""

from __future__ import annotations

from flask import (
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext
from flask_login import current_user

from storefront.accounts import services as accounts
from storefront.accounts.models import DistributorStatus
from storefront.accounts.permissions import admin_required
from storefront.accounts.views import show_error
from storefront.admin import queries
from storefront.admin.blueprint import PAGE_SIZE, bp, status_argument
from storefront.admin.forms import DecisionForm, InvitationForm
from storefront.extensions import db
from storefront.finance import queries as finance_queries
from storefront.orders import queries as order_queries
from storefront.orders import services as order_services
from storefront.orders.forms import TrackingForm
from storefront.orders.states import FULFILMENT_TRANSITIONS, FulfilmentStatus
from storefront.pagination import requested_page
from storefront.payments import queries as payment_queries
from storefront.payments import services as payment_services

# The orders list's filters: the orders layer's, and card payments waiting for the office.
ORDER_FILTERS = {**order_queries.OFFICE_FILTERS, "flagged": payment_queries.flagged_orders}
# E-mails are shown as their recipients would see them, but they are not our pages: no
# script at all, and the frame may not reach anything.
EMAIL_PREVIEW_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox"


@bp.get("/")
@admin_required
def index():
    return render_template("admin/index.html", counts=queries.overview())


@bp.get("/distributors")
@admin_required
def distributors():
    status = status_argument(("pending", "verified", "rejected", "all"), "pending")
    page = queries.distributors(None if status == "all" else DistributorStatus(status),
                                requested_page(), PAGE_SIZE)
    return render_template("admin/distributors.html", page=page, status=status,
                           form=DecisionForm())


@bp.post("/distributors/<int:profile_id>/<any(verify, reject):decision>")
@admin_required
def decide_distributor(profile_id: int, decision: str):
    profile = queries.distributor(profile_id)
    if profile is None:
        abort(404)
    form = DecisionForm()
    if form.validate_on_submit():
        try:
            accounts.decide_distributor(current_user, profile, verify=decision == "verify",
                                        note=form.note.data or "")
        except accounts.AccountError as error:
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(gettext("%(company)s: decision recorded and e-mailed.",
                          company=profile.company_name), "info")
    return redirect(url_for("admin.distributors", status=request.args.get("status", "pending")))


@bp.post("/distributors/<int:profile_id>/terms/<any(on, off):switch>")
@admin_required
def distributor_terms(profile_id: int, switch: str):
    """Approve (or withdraw) payment on account for a verified distributor."""
    profile = queries.distributor(profile_id)
    if profile is None:
        abort(404)
    if DecisionForm().validate_on_submit():
        try:
            accounts.set_payment_terms(profile, switch == "on")
        except accounts.AccountError as error:
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(gettext("%(company)s: payment terms saved.", company=profile.company_name),
                  "info")
    return redirect(url_for("admin.distributors", status=request.args.get("status", "verified")))


@bp.route("/producers/<int:producer_id>/staff", methods=["GET", "POST"])
@admin_required
def producer_staff(producer_id: int):
    producer = queries.producer(producer_id)
    if producer is None:
        abort(404)
    form = InvitationForm()
    if form.validate_on_submit():
        try:
            accounts.invite_producer_staff(current_user, producer, email=form.email.data,
                                           name=form.name.data, locale=form.locale.data)
        except accounts.AccountError as error:
            show_error(form, error)
        else:
            db.session.commit()
            flash(gettext("Invitation sent to %(email)s.", email=form.email.data), "info")
            return redirect(url_for("admin.producer_staff", producer_id=producer.id))
    staff = queries.staff_by_producer([producer.id]).get(producer.id, [])
    return render_template("admin/producer_staff.html", producer=producer, staff=staff,
                           form=form), 400 if form.errors else 200


@bp.get("/outbox")
@admin_required
def outbox():
    status = status_argument(("all", "waiting", "sent"), "all")
    return render_template("admin/outbox.html", status=status,
                           page=queries.outbox(status, requested_page(), PAGE_SIZE))


@bp.get("/outbox/<int:email_id>")
@admin_required
def outbox_email(email_id: int):
    email = queries.email(email_id)
    if email is None:
        abort(404)
    return render_template("admin/outbox_email.html", email=email)


@bp.get("/outbox/<int:email_id>/html")
@admin_required
def outbox_email_html(email_id: int):
    email = queries.email(email_id)
    if email is None:
        abort(404)
    response = make_response(email.html_body)
    response.headers["Content-Security-Policy"] = EMAIL_PREVIEW_CSP
    return response


# -- orders -----------------------------------------------------------------------------------

@bp.get("/orders")
@admin_required
def orders():
    status = status_argument(tuple(ORDER_FILTERS), "open")
    page = order_queries.orders_page(ORDER_FILTERS[status](), requested_page(), PAGE_SIZE)
    return render_template("admin/orders.html", status=status, page=page)


def _order(number: str):
    order = order_queries.order_by_number(number)
    if order is None:
        abort(404)
    return order


@bp.get("/orders/<number>")
@admin_required
def order(number: str):
    found = _order(number)
    return render_template("admin/order.html", order=found, form=TrackingForm(),
                           timeline=order_queries.timeline(found, for_office=True),
                           payment=payment_queries.payment_for(found),
                           transfers=finance_queries.transfers_for(found),
                           next_states=FULFILMENT_TRANSITIONS,
                           can_cancel=order_services.can_cancel(found))


def _apply(action, number: str):
    """Run an order action; a refusal (wrong state, race) is shown, never a 500."""
    try:
        action()
    except order_services.TransitionError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(gettext("Saved."), "info")
    return redirect(url_for("admin.order", number=number))


@bp.post("/orders/<number>/paid")
@admin_required
def order_paid(number: str):
    found = _order(number)
    if not TrackingForm().validate_on_submit():
        abort(400)
    return _apply(lambda: order_services.mark_paid(
        found, current_user, note=gettext("Transfer received")), number)


@bp.post("/orders/<number>/cancel")
@admin_required
def order_cancel(number: str):
    found = _order(number)
    form = TrackingForm()
    if not form.validate_on_submit():
        abort(400)
    return _apply(lambda: order_services.cancel_order(found, current_user, label="",
                                                      note=form.note.data or ""), number)


@bp.post("/orders/<number>/payment/checked")
@admin_required
def order_payment_checked(number: str):
    """The office dealt with a flagged card payment (see the flag's explanation)."""
    payment = payment_queries.payment_for(_order(number))
    if payment is None or not TrackingForm().validate_on_submit():
        abort(400 if payment else 404)
    payment_services.resolve_flag(payment, current_user)
    db.session.commit()
    flash(gettext("Saved."), "info")
    return redirect(url_for("admin.order", number=number))


@bp.post("/orders/<number>/parts/<int:fulfilment_id>/<any(confirmed, packed, shipped, "
         "delivered, cancelled):to>")
@admin_required
def order_part(number: str, fulfilment_id: int, to: str):
    found = _order(number)
    fulfilment = next((f for f in found.fulfilments if f.id == fulfilment_id), None)
    form = TrackingForm()
    if fulfilment is None or not form.validate_on_submit():
        abort(404 if fulfilment is None else 400)
    return _apply(lambda: order_services.advance_fulfilment(
        fulfilment, FulfilmentStatus(to), current_user, carrier=form.carrier.data or "",
        tracking_code=form.tracking_code.data or "", note=form.note.data or ""), number)


# The other route modules register on ``bp`` when imported.
from storefront.admin import (  # noqa: E402,F401
    audit,
    certificates,
    directory,
    listings,
    producers,
    promotion,
    reports,
    transfers,
)
