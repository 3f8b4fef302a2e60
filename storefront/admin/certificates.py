"""``/<lang>/admin/certificates``: the OCOP certificate registry — record (by form or from
a decision's CSV annex), re-certify, revoke, and see what expires within 90 days."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext

from storefront.accounts.permissions import admin_required
from storefront.admin import queries
from storefront.admin.blueprint import PAGE_SIZE, bp, status_argument
from storefront.admin.forms import CertificateForm, CertificateImportForm, RevokeForm
from storefront.catalog import certificate_import
from storefront.catalog import services as catalog_services
from storefront.catalog.certificates import STAR_BANDS, valid_until_for
from storefront.clock import today
from storefront.extensions import db
from storefront.form_errors import show_error
from storefront.pagination import requested_page
from storefront.uploads import UploadError, check_file_name, store_document

SCAN_MAX_BYTES = 5 * 1024 * 1024
IMPORT_MAX_BYTES = 2 * 1024 * 1024


@bp.get("/certificates")
@admin_required
def certificates():
    filters = queries.certificate_filters(today())
    status = status_argument(tuple(filters), "expiring")
    q = request.args.get("q", "").strip()[:100]
    return render_template("admin/certificates.html", status=status, q=q, today=today(),
                           page=queries.certificates(filters[status], q, requested_page(),
                                                     PAGE_SIZE))


@bp.route("/certificates/new", methods=["GET", "POST"])
@admin_required
def new_certificate():
    form = CertificateForm()
    if request.method == "GET":
        product = queries.product_by_sku(request.args.get("sku", ""))
        form.sku.data = product.sku if product else ""
        return _form_page(form)
    if not form.validate_on_submit():
        return _form_page(form, 400)
    product = queries.product_by_sku(form.sku.data)
    if product is None:
        form.sku.errors = [gettext("No product has this SKU.")]
        return _form_page(form, 409)
    if form.decision_date.data > today():
        form.decision_date.errors = [gettext("The decision date is in the future.")]
        return _form_page(form, 409)
    try:
        certificate = catalog_services.record_certificate(
            product, stars=form.stars.data, score=form.score.data,
            decision_number=form.decision_number.data, decision_date=form.decision_date.data,
            issuing_level=form.issuing_level.data, issuing_body=form.issuing_body.data)
        certificate.scan_path = _stored_scan(form)
    except catalog_services.CertificateError as error:
        db.session.rollback()
        show_error(form, error)
        return _form_page(form, 409)
    except UploadError as error:
        db.session.rollback()
        form.scan.errors = [error.message]
        return _form_page(form, 422)
    db.session.commit()
    flash(gettext("Certificate recorded: %(num)s stars until %(date)s.", num=certificate.stars,
                  date=certificate.valid_until.strftime("%d/%m/%Y")), "info")
    return redirect(url_for("admin.certificate", certificate_id=certificate.id))


@bp.get("/certificates/<int:certificate_id>")
@admin_required
def certificate(certificate_id: int):
    return _detail_page(_certificate(certificate_id), RevokeForm(formdata=None))


@bp.post("/certificates/<int:certificate_id>/revoke")
@admin_required
def revoke_certificate(certificate_id: int):
    item = _certificate(certificate_id)
    form = RevokeForm()
    if not form.validate_on_submit():
        return _detail_page(item, form, 400)
    try:
        catalog_services.revoke_certificate(item, form.reason.data or "")
    except catalog_services.CertificateError as error:
        db.session.rollback()
        form.reason.errors = [error.message]
        return _detail_page(item, form, 409)
    db.session.commit()
    flash(gettext("Certificate revoked: the product shows no stars from now."), "info")
    return redirect(url_for("admin.certificate", certificate_id=item.id))


@bp.route("/certificates/import", methods=["GET", "POST"])
@admin_required
def import_certificates():
    form = CertificateImportForm()
    if request.method == "GET":
        return _import_page(form)
    upload = form.file.data
    if not form.validate_on_submit() or not upload or not upload.filename:
        form.file.errors = [gettext("Choose a CSV file.")]
        return _import_page(form, status=400)
    data = upload.read(IMPORT_MAX_BYTES + 1)
    if len(data) > IMPORT_MAX_BYTES:
        form.file.errors = [gettext("The file is larger than %(num)s MB.", num=2)]
        return _import_page(form, status=422)
    dry_run = request.form.get("write") != "1"
    try:
        result = (certificate_import.check_file(data) if dry_run
                  else certificate_import.import_file(data))
    except certificate_import.ImportFileError as error:
        db.session.rollback()
        form.file.errors = [error.message]
        return _import_page(form, status=422)
    if not dry_run and result.valid:
        db.session.commit()
        flash(gettext("%(num)s certificates recorded; %(skipped)s were already on record.",
                      num=result.written, skipped=len(result.rows) - result.written), "info")
        return redirect(url_for("admin.certificates", status="current"))
    db.session.rollback()
    return _import_page(form, result, dry_run, 200 if result.valid else 422)


def _certificate(certificate_id: int):
    item = queries.certificate(certificate_id)
    if item is None:
        abort(404)
    return item


def _stored_scan(form: CertificateForm) -> str | None:
    upload = form.scan.data
    if not upload or not upload.filename:
        return None
    check_file_name(upload.filename)
    return store_document(upload.read(SCAN_MAX_BYTES + 1), "certificates", SCAN_MAX_BYTES)


def _form_page(form: CertificateForm, status: int = 200):
    return render_template("admin/certificate_form.html", form=form, bands=STAR_BANDS,
                           example_until=valid_until_for(today())), status


def _detail_page(item, form: RevokeForm, status: int = 200):
    history = sorted(item.product.certificates, key=lambda c: (c.decision_date, c.id),
                     reverse=True)
    return render_template("admin/certificate.html", certificate=item, form=form,
                           history=history, today=today()), status


def _import_page(form, result=None, dry_run: bool = True, status: int = 200):
    return render_template("admin/certificate_import.html", form=form, result=result,
                           dry_run=dry_run, columns=certificate_import.COLUMNS), status
