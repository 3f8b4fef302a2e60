"""``/<lang>/admin/producers/…``: the office creates and corrects producers' records and
verifies them (an unverified producer has no public page and cannot publish listings).
Inviting their staff is in views.py."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from wtforms.fields.choices import SelectChoice

from storefront.accounts.permissions import admin_required
from storefront.admin import queries
from storefront.admin.blueprint import PAGE_SIZE, bp, status_argument
from storefront.admin.forms import DecisionForm, ProducerForm
from storefront.catalog import producers as producer_records
from storefront.catalog.listing import all_districts
from storefront.extensions import db
from storefront.form_errors import show_error
from storefront.pagination import requested_page


@bp.get("/producers")
@admin_required
def producers():
    status = status_argument(tuple(queries.PRODUCER_STATUSES), "all")
    q = request.args.get("q", "").strip()[:100]
    page = queries.producers_with_staff(requested_page(), PAGE_SIZE, status, q)
    staff = queries.staff_by_producer([producer.id for producer in page.items])
    return render_template("admin/producers.html", page=page, staff=staff, status=status,
                           q=q, action_form=DecisionForm(formdata=None))


@bp.route("/producers/new", methods=["GET", "POST"])
@admin_required
def new_producer():
    return _producer_form(None)


@bp.route("/producers/<int:producer_id>", methods=["GET", "POST"])
@admin_required
def producer(producer_id: int):
    return _producer_form(_producer(producer_id))


@bp.post("/producers/<int:producer_id>/<any(verify, unverify):decision>")
@admin_required
def verify_producer(producer_id: int, decision: str):
    item = _producer(producer_id)
    if not DecisionForm().validate_on_submit():
        abort(400)
    producer_records.set_verified(item, decision == "verify")
    db.session.commit()
    name = item.text("vi").name
    flash(gettext("%(name)s is verified: its page is public and it can publish listings.",
                  name=name) if decision == "verify" else
          gettext("%(name)s is no longer verified: its page is hidden.", name=name), "info")
    return redirect(url_for("admin.producer", producer_id=item.id))


def _producer(producer_id: int):
    item = queries.producer(producer_id)
    if item is None:
        abort(404)
    return item


def _producer_form(item):
    form = ProducerForm()
    form.district_id.choices = [SelectChoice(d.id, d.name) for d in all_districts()]
    if request.method == "GET":
        if item is not None:
            _fill(form, item)
        return _page(item, form)
    if not form.validate_on_submit():
        return _page(item, form, 400)
    try:
        saved = producer_records.save_producer(item, producer_records.ProducerRecord(
            name_vi=form.name_vi.data or "", name_en=form.name_en.data or "",
            legal_name=form.legal_name.data or "", kind=form.kind.data,
            district_id=form.district_id.data, commune=form.commune.data or "",
            address=form.address.data or "", phone=form.phone.data or "",
            email=form.email.data or ""))
    except producer_records.ProducerError as error:
        db.session.rollback()
        show_error(form, error)
        return _page(item, form, 409)
    db.session.commit()
    flash(gettext("Saved.") if item else gettext(
        "Producer created. Verify it, then invite its staff."), "info")
    return redirect(url_for("admin.producer", producer_id=saved.id))


def _fill(form: ProducerForm, item) -> None:
    texts = {row.locale: row for row in item.translations}
    form.name_vi.data = texts["vi"].name if "vi" in texts else ""
    form.name_en.data = texts["en"].name if "en" in texts else ""
    for name in ("legal_name", "commune", "address", "phone", "email", "district_id"):
        getattr(form, name).data = getattr(item, name)
    form.kind.data = str(item.kind)


def _page(item, form, status: int = 200):
    return render_template("admin/producer.html", producer=item, form=form,
                           action_form=DecisionForm(formdata=None)), status
