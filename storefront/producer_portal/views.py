"""``/<lang>/producer/…``: staff see their producer's listings, set wholesale terms and
answer quote requests (only their own producer's)."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext
from flask_login import current_user

from storefront.accounts.permissions import owns_producer, producer_staff_required
from storefront.catalog import queries
from storefront.catalog import services as catalog_services
from storefront.catalog.models import StockReason
from storefront.clock import today
from storefront.extensions import db
from storefront.form_errors import show_error
from storefront.links import external_url
from storefront.orders import queries as order_queries
from storefront.orders import services as order_services
from storefront.orders.forms import TrackingForm
from storefront.orders.states import FULFILMENT_TRANSITIONS, FulfilmentStatus
from storefront.producer_portal import dashboard, exports
from storefront.producer_portal.forms import (
    STOCK_REASONS,
    BatchForm,
    ProfileForm,
    StockForm,
    ThresholdForm,
    WholesaleForm,
)
from storefront.quotes import queries as quote_queries
from storefront.quotes import services as quote_services
from storefront.quotes import views as quote_views
from storefront.quotes.forms import OfferForm, TextForm, offer_prices
from storefront.quotes.states import Party, PaymentTerms, QuoteStatus
from storefront.quotes.wholesale import QuoteError
from storefront.traceability import queries as trace_queries
from storefront.traceability import services as trace_services
from storefront.traceability import uploads as report_limits
from storefront.traceability.qr import qr_svg
from storefront.traceability.uploads import UploadError

bp = Blueprint("producer_portal", __name__, template_folder="templates")
PAGE_SIZE = 25


@bp.get("/")
@producer_staff_required
def index():
    producer = queries.producer_by_id(current_user.producer_id)
    sales = dashboard.weekly_sales(producer.id)
    return render_template("producer_portal/index.html", producer=producer,
                           products=queries.products_of_producer(producer.id), today=today(),
                           todo=dashboard.to_do(producer.id), sales=sales,
                           bars=dashboard.chart_bars(sales))


@bp.get("/products/<int:product_id>")
@producer_staff_required
def product(product_id: int):
    item = _own_product(product_id)
    return _product_page(item, StockForm(formdata=None), ThresholdForm(obj=item))


def _product_page(item, stock_form, threshold_form, status: int = 200):
    return render_template(
        "producer_portal/product.html", product=item, today=today(), stock_form=stock_form,
        threshold_form=threshold_form, history=queries.stock_history(item.id),
        reasons=STOCK_REASONS), status


@bp.post("/products/<int:product_id>/stock")
@producer_staff_required
def adjust_stock(product_id: int):
    item = _own_product(product_id)
    form = StockForm()
    if not form.validate_on_submit():
        return _product_page(item, form, ThresholdForm(obj=item), 400)
    try:
        catalog_services.adjust_stock(item, form.change.data, StockReason(form.reason.data),
                                      current_user.id, form.note.data or "")
    except catalog_services.StockError as error:
        db.session.rollback()
        form.change.errors = [error.message]
        return _product_page(item, form, ThresholdForm(obj=item), 409)
    db.session.commit()
    flash(gettext("Stock saved: %(num)s units now.", num=item.stock), "info")
    return redirect(url_for("producer_portal.product", product_id=item.id))


@bp.post("/products/<int:product_id>/threshold")
@producer_staff_required
def stock_threshold(product_id: int):
    item = _own_product(product_id)
    form = ThresholdForm()
    if not form.validate_on_submit():
        return _product_page(item, StockForm(formdata=None), form, 400)
    catalog_services.set_low_stock_threshold(item, form.low_stock_threshold.data)
    db.session.commit()
    flash(gettext("Saved."), "info")
    return redirect(url_for("producer_portal.product", product_id=item.id))


# -- wholesale terms and quote requests ---------------------------------------------------

def _own_product(product_id: int):
    item = queries.product_with_certificates(product_id)
    if item is None or not owns_producer(current_user, item.producer_id):
        abort(404)
    return item


@bp.route("/products/<int:product_id>/wholesale", methods=["GET", "POST"])
@producer_staff_required
def wholesale_terms(product_id: int):
    item = _own_product(product_id)
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


@bp.get("/quotes")
@producer_staff_required
def quotes():
    status = quote_views.status_argument()
    page = quote_queries.inbox_of_producer(current_user.producer_id, status,
                                           quote_views.page_argument(), quote_views.PAGE_SIZE)
    if page.page > page.pages:
        abort(404)
    return render_template("quotes/index.html", page=page, status=status,
                           statuses=list(QuoteStatus), party="producer")


def _quote(number: str):
    found = quote_queries.request_by_number(number)
    if found is None or quote_services.party_of(found, current_user) != Party.PRODUCER:
        abort(404)
    return found


@bp.get("/quotes/<number>")
@producer_staff_required
def quote(number: str):
    return quote_views.detail_page(_quote(number), Party.PRODUCER)


@bp.get("/quotes/<number>/print")
@producer_staff_required
def quote_print(number: str):
    return render_template("quotes/print.html", request_=_quote(number))


@bp.post("/quotes/<number>/quote")
@producer_staff_required
def quote_send(number: str):
    found = _quote(number)
    form = OfferForm()

    def work():
        prices = offer_prices(request.form, [line.id for line in found.lines])
        if prices is None:
            raise QuoteError(gettext("Give a quantity and a unit price for every line."))
        return quote_services.send_quote(found, current_user, quote_services.Offer(
            prices=prices, note=form.note.data or "", valid_until=form.valid_until.data,
            lead_time_days=form.lead_time_days.data, shipping_vnd=form.shipping_vnd.data or 0,
            shipping_terms=form.shipping_terms.data or "",
            payment_terms=PaymentTerms(form.payment_terms.data)))

    return quote_views.act(found, Party.PRODUCER, work, "offer", form,
                           gettext("Quote sent to the distributor."))


@bp.post("/quotes/<number>/ask")
@producer_staff_required
def quote_ask(number: str):
    found = _quote(number)
    form = TextForm()
    return quote_views.act(found, Party.PRODUCER, lambda: quote_services.ask_question(
        found, current_user, form.body.data), "text", form, gettext("Question sent."))


@bp.post("/quotes/<number>/decline")
@producer_staff_required
def quote_decline(number: str):
    found = _quote(number)
    form = TextForm()
    return quote_views.act(found, Party.PRODUCER, lambda: quote_services.decline(
        found, current_user, Party.PRODUCER, form.body.data), "text", form,
        gettext("Declined."))


@bp.post("/quotes/<number>/messages")
@producer_staff_required
def quote_message(number: str):
    found = _quote(number)
    form = TextForm()
    return quote_views.act(found, Party.PRODUCER, lambda: quote_services.post_message(
        found, current_user, Party.PRODUCER, form.body.data), "text", form,
        gettext("Message sent."))


# -- orders: the producer's own parcels ------------------------------------------------------

ORDER_GROUPS = tuple(order_queries.PART_FILTERS)


@bp.get("/orders")
@producer_staff_required
def orders():
    group = request.args.get("status", "to_confirm")
    if group not in ORDER_GROUPS:
        abort(404)
    page = order_queries.producer_parts(current_user.producer_id, group,
                                        quote_views.page_argument(), PAGE_SIZE)
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


# -- batches and traceability labels -------------------------------------------------------

LABELS_PER_SHEET = 21  # 3 × 7 labels of about 60 × 38 mm on A4


@bp.route("/products/<int:product_id>/batches", methods=["GET", "POST"])
@producer_staff_required
def batches(product_id: int):
    item = _own_product(product_id)
    form = BatchForm()
    status = 200
    if request.method == "POST":
        status = 400
        if form.validate_on_submit():
            try:
                batch = trace_services.record_batch(item, _batch_details(form), current_user.id)
            except (trace_services.BatchError, UploadError) as error:
                db.session.rollback()
                show_error(form, error)
                status = 409
            else:
                db.session.commit()
                flash(gettext("Batch %(lot)s recorded: print its QR labels.",
                              lot=batch.lot_code), "info")
                return redirect(url_for("producer_portal.batches", product_id=item.id))
    return render_template("producer_portal/batches.html", product=item, form=form,
                           batches=trace_queries.batches_of_product(item.id)), status


def _batch_details(form: BatchForm) -> trace_services.BatchDetails:
    upload = form.report.data
    return trace_services.BatchDetails(
        lot_code=form.lot_code.data, production_date=form.production_date.data,
        expiry_date=form.expiry_date.data, quantity=form.quantity.data,
        ingredients_origin=form.ingredients_origin.data or "",
        standards=form.chosen_standards(), test_report_ref=form.test_report_ref.data or "",
        report=upload.read(report_limits.MAX_BYTES + 1) if upload else None)


@bp.get("/batches/<int:batch_id>/labels")
@producer_staff_required
def batch_labels(batch_id: int):
    batch = trace_queries.batch_by_id(batch_id)
    if batch is None or not owns_producer(current_user, batch.product.producer_id):
        abort(404)
    link = external_url("trace_short.short", code=batch.trace_code)
    return render_template("producer_portal/labels.html", batch=batch, link=link,
                           qr=qr_svg(link), count=LABELS_PER_SHEET)


# -- the producer's profile -------------------------------------------------------------------

@bp.route("/profile", methods=["GET", "POST"])
@producer_staff_required
def profile():
    producer = queries.producer_by_id(current_user.producer_id)
    form = ProfileForm()
    if request.method == "GET":
        form.fill(producer)
        return render_template("producer_portal/profile.html", producer=producer, form=form)
    if not form.validate_on_submit():
        return render_template("producer_portal/profile.html", producer=producer,
                               form=form), 400
    if "preview" in request.form:  # show the stories as they would look; nothing is saved
        return render_template("producer_portal/profile.html", producer=producer, form=form,
                               preview=True)
    try:
        catalog_services.update_producer_profile(producer, _profile_of(form))
    except catalog_services.ProfileError as error:
        db.session.rollback()
        show_error(form, error)
        return render_template("producer_portal/profile.html", producer=producer,
                               form=form), 409
    db.session.commit()
    flash(gettext("Profile saved: it shows on your public page."), "info")
    return redirect(url_for("producer_portal.profile"))


def _profile_of(form: ProfileForm) -> catalog_services.Profile:
    texts = {locale: catalog_services.ProfileText(
        tagline=getattr(form, f"tagline_{locale}").data or "",
        story=getattr(form, f"story_{locale}").data or "",
        visiting_hours=getattr(form, f"visiting_hours_{locale}").data or "")
        for locale in ("vi", "en")}
    return catalog_services.Profile(
        texts=texts, phone=form.phone.data or "", email=form.email.data or "",
        website=form.website.data or "", address=form.address.data or "",
        latitude=form.latitude.data, longitude=form.longitude.data)
