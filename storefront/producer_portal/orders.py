"""The producer's own parcels: list by step, move them on, packing slip, CSV export."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user

from storefront.accounts.permissions import producer_staff_required
from storefront.extensions import db
from storefront.orders import queries as order_queries
from storefront.orders import services as order_services
from storefront.orders.forms import TrackingForm
from storefront.orders.states import FULFILMENT_TRANSITIONS, FulfilmentStatus
from storefront.pagination import requested_page
from storefront.producer_portal import exports
from storefront.producer_portal.blueprint import PAGE_SIZE, bp

# -- orders: the producer's own parcels ------------------------------------------------------

ORDER_GROUPS = tuple(order_queries.PART_FILTERS)


@bp.get("/orders")
@producer_staff_required
def orders():
    group = request.args.get("status", "to_confirm")
    if group not in ORDER_GROUPS:
        abort(404)
    page = order_queries.producer_parts(current_user.producer_id, group,
                                        requested_page(), PAGE_SIZE)
    if page.page > page.pages:
        abort(404)
    return render_template("producer_portal/orders.html", page=page, status=group,
                           groups=ORDER_GROUPS,
                           counts=order_queries.producer_part_counts(current_user.producer_id))


@bp.get("/orders.csv")
@producer_staff_required
def orders_csv():
    parts = order_queries.producer_parts_export(current_user.producer_id)
    return Response(exports.parts_csv(parts), mimetype="text/csv", headers={
        "Content-Disposition": 'attachment; filename="orders.csv"'})


def _part(number: str):
    part = order_queries.producer_part(number, current_user.producer_id)
    if part is None:
        abort(404)  # another producer's order is "not found"
    return part


@bp.get("/orders/<number>")
@producer_staff_required
def order(number: str):
    part = _part(number)
    return render_template("producer_portal/order.html", part=part, order=part.order,
                           form=TrackingForm(), next_states=FULFILMENT_TRANSITIONS)


@bp.get("/orders/<number>/slip")
@producer_staff_required
def packing_slip(number: str):
    part = _part(number)
    return render_template("producer_portal/slip.html", part=part, order=part.order)


@bp.post("/orders/<number>/<any(confirmed, packed, shipped, delivered, cancelled):to>")
@producer_staff_required
def order_step(number: str, to: str):
    part = _part(number)
    form = TrackingForm()
    if not form.validate_on_submit():
        abort(400)
    if to == "cancelled" and not (form.note.data or "").strip():
        flash(gettext("Say why you cancel: the buyer reads it."), "error")
        return redirect(url_for("producer_portal.order", number=number))
    try:
        order_services.advance_fulfilment(
            part, FulfilmentStatus(to), current_user, carrier=form.carrier.data or "",
            tracking_code=form.tracking_code.data or "", note=form.note.data or "")
    except order_services.TransitionError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(gettext("Saved: the buyer sees it on the order page."), "info")
    return redirect(url_for("producer_portal.order", number=number))
