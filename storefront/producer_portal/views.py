"""``/<lang>/producer/…``: the dashboard and the producer's listings (stock, wholesale
terms). Orders, quotes, batches and the profile have their own modules on the same
blueprint; everything is scoped to the signed-in staff member's producer."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user

from storefront.accounts.permissions import producer_staff_required
from storefront.catalog import queries, reviews
from storefront.catalog import services as catalog_services
from storefront.catalog.models import StockReason
from storefront.clock import today
from storefront.extensions import db
from storefront.producer_portal import dashboard
from storefront.producer_portal.blueprint import bp, own_product
from storefront.producer_portal.forms import (
    STOCK_REASONS,
    PriceForm,
    ReviewRequestForm,
    StockForm,
    ThresholdForm,
    WholesaleForm,
)


@bp.get("/")
@producer_staff_required
def index():
    producer = queries.producer_by_id(current_user.producer_id)
    products = queries.products_of_producer(producer.id)
    sales = dashboard.weekly_sales(producer.id)
    return render_template("producer_portal/index.html", producer=producer, products=products,
                           today=today(), todo=dashboard.to_do(producer.id, products),
                           sales=sales, bars=dashboard.chart_bars(sales))


@bp.get("/products/<int:product_id>")
@producer_staff_required
def product(product_id: int):
    item = own_product(product_id)
    return _product_page(item)


def _product_page(item, status: int = 200, **forms):
    english = item.text("en")
    return render_template(
        "producer_portal/product.html", product=item, today=today(),
        review=reviews.open_review(item.id), decision=reviews.last_decision(item.id),
        english_outdated=english is not None and english.locale == "en" and english.outdated,
        action_form=ReviewRequestForm(formdata=None),
        stock_form=forms.get("stock") or StockForm(formdata=None),
        threshold_form=forms.get("threshold") or ThresholdForm(formdata=None, obj=item),
        price_form=forms.get("price") or PriceForm(formdata=None, obj=item),
        history=queries.stock_history(item.id), reasons=STOCK_REASONS), status


@bp.post("/products/<int:product_id>/price")
@producer_staff_required
def price(product_id: int):
    """Price and weight publish at once (name and category changes need the office)."""
    item = own_product(product_id)
    form = PriceForm()
    if not form.validate_on_submit():
        return _product_page(item, 400, price=form)
    try:
        catalog_services.set_price_and_weight(item, price_vnd=form.price_vnd.data,
                                              weight_g=form.weight_g.data)
    except catalog_services.WholesaleTermsError as error:
        db.session.rollback()
        form.price_vnd.errors = [error.message]
        return _product_page(item, 409, price=form)
    db.session.commit()
    flash(gettext("Price saved: buyers see it now."), "info")
    return redirect(url_for("producer_portal.product", product_id=item.id))


@bp.post("/products/<int:product_id>/stock")
@producer_staff_required
def adjust_stock(product_id: int):
    item = own_product(product_id)
    form = StockForm()
    if not form.validate_on_submit():
        return _product_page(item, 400, stock=form)
    try:
        catalog_services.adjust_stock(item, form.change.data, StockReason(form.reason.data),
                                      current_user.id, form.note.data or "")
    except catalog_services.StockError as error:
        db.session.rollback()
        form.change.errors = [error.message]
        return _product_page(item, 409, stock=form)
    db.session.commit()
    flash(gettext("Stock saved: %(num)s units now.", num=item.stock), "info")
    return redirect(url_for("producer_portal.product", product_id=item.id))


@bp.post("/products/<int:product_id>/threshold")
@producer_staff_required
def stock_threshold(product_id: int):
    item = own_product(product_id)
    form = ThresholdForm()
    if not form.validate_on_submit():
        return _product_page(item, 400, threshold=form)
    catalog_services.set_low_stock_threshold(item, form.low_stock_threshold.data)
    db.session.commit()
    flash(gettext("Saved."), "info")
    return redirect(url_for("producer_portal.product", product_id=item.id))


# -- wholesale terms -------------------------------------------------------------------------

@bp.route("/products/<int:product_id>/wholesale", methods=["GET", "POST"])
@producer_staff_required
def wholesale_terms(product_id: int):
    item = own_product(product_id)
    form = WholesaleForm(obj=None if request.method == "POST" else item)
    if request.method == "GET":
        form.fill_tiers(item.price_tiers)
    elif form.validate_on_submit():
        try:
            catalog_services.set_wholesale_terms(
                item, minimum=form.min_wholesale_qty.data, step=form.wholesale_increment.data,
                tiers=form.tiers())
        except catalog_services.WholesaleTermsError as error:
            db.session.rollback()
            form.form_errors.append(error.message)
        else:
            db.session.commit()
            flash(gettext("Wholesale terms saved."), "info")
            return redirect(url_for("producer_portal.product", product_id=item.id))
    status = 400 if request.method == "POST" else 200
    return render_template("producer_portal/wholesale.html", product=item, form=form), status


# The other route modules register on ``bp`` when imported.
from storefront.producer_portal import (  # noqa: E402,F401
    batches,
    listings,
    orders,
    profile,
    quotes,
)
