"""Production batches of the producer's products, and their sheets of QR labels."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user

from storefront.accounts.permissions import owns_producer, producer_staff_required
from storefront.extensions import db
from storefront.form_errors import show_error
from storefront.links import external_url
from storefront.producer_portal.blueprint import bp, own_product
from storefront.producer_portal.forms import BatchForm
from storefront.traceability import queries as trace_queries
from storefront.traceability import services as trace_services
from storefront.traceability import uploads as report_limits
from storefront.traceability.qr import qr_svg
from storefront.uploads import UploadError, check_file_name

# -- batches and traceability labels -------------------------------------------------------

LABELS_PER_SHEET = 21  # 3 × 7 labels of about 60 × 38 mm on A4


@bp.route("/products/<int:product_id>/batches", methods=["GET", "POST"])
@producer_staff_required
def batches(product_id: int):
    item = own_product(product_id)
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
    if upload:
        check_file_name(upload.filename)
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
