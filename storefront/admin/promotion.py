"""``/<lang>/admin/collections`` and ``/<lang>/admin/events``: the office's trade promotion —
featured collections for the home page and the trade fairs it runs."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from wtforms.fields.choices import SelectChoice

from storefront.accounts.permissions import admin_required
from storefront.admin.blueprint import PAGE_SIZE, bp
from storefront.admin.forms import (
    BannerForm,
    CollectionForm,
    CollectionProductForm,
    DecisionForm,
    EventForm,
)
from storefront.catalog import gallery
from storefront.catalog.images import remove_files
from storefront.clock import today
from storefront.extensions import db
from storefront.form_errors import show_error
from storefront.pagination import requested_page
from storefront.promotion import queries, services
from storefront.uploads import UploadError

# -- collections -------------------------------------------------------------------------------

@bp.get("/collections")
@admin_required
def collections():
    return render_template("admin/collections.html", today=today(),
                           page=queries.collections_page(requested_page(), PAGE_SIZE))


@bp.route("/collections/new", methods=["GET", "POST"])
@admin_required
def new_collection():
    form = CollectionForm()
    if request.method == "POST":
        saved = _save_collection(None, form)
        if saved is not None:
            flash(gettext("Collection created: now add its products."), "info")
            return redirect(url_for("admin.collection", collection_id=saved.id))
    return _collection_page(None, form, 400 if request.method == "POST" else 200)


@bp.route("/collections/<int:collection_id>", methods=["GET", "POST"])
@admin_required
def collection(collection_id: int):
    item = _collection(collection_id)
    form = CollectionForm()
    if request.method == "GET":
        _fill_collection(form, item)
        return _collection_page(item, form)
    if _save_collection(item, form) is None:
        return _collection_page(item, form, 400)
    flash(gettext("Saved."), "info")
    return redirect(url_for("admin.collection", collection_id=item.id))


@bp.post("/collections/<int:collection_id>/products")
@admin_required
def add_collection_product(collection_id: int):
    item = _collection(collection_id)
    form = CollectionProductForm()
    if not form.validate_on_submit():
        return _collection_page(item, _filled(item), 400, product_form=form)
    try:
        services.add_product(item, form.sku.data)
    except services.PromotionError as error:
        db.session.rollback()
        form.sku.errors = [error.message]
        return _collection_page(item, _filled(item), 409, product_form=form)
    db.session.commit()
    return redirect(url_for("admin.collection", collection_id=item.id) + "#products")


@bp.post("/collections/<int:collection_id>/products/<int:item_id>/<any(move, remove):action>")
@admin_required
def collection_item(collection_id: int, item_id: int, action: str):
    item = _collection(collection_id)
    entry = next((each for each in item.items if each.id == item_id), None)
    if entry is None:
        abort(404)
    if not DecisionForm().validate_on_submit():
        abort(400)
    try:
        if action == "move":
            services.move_item(entry, request.form.get("where", ""))
        else:
            services.remove_item(entry)
    except services.PromotionError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
    return redirect(url_for("admin.collection", collection_id=item.id) + "#products")


@bp.post("/collections/<int:collection_id>/banner")
@admin_required
def collection_banner(collection_id: int):
    item = _collection(collection_id)
    form = BannerForm()
    upload = form.banner.data
    if not form.validate_on_submit() or not upload or not upload.filename:
        flash(gettext("Choose a photo to upload."), "error")
        return redirect(url_for("admin.collection", collection_id=item.id))
    try:
        old = services.set_banner(item, gallery.Upload(upload.read(gallery.MAX_BYTES + 1),
                                                       upload.filename))
    except UploadError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for("admin.collection", collection_id=item.id))
    db.session.commit()
    remove_files(*old)
    flash(gettext("Banner saved."), "info")
    return redirect(url_for("admin.collection", collection_id=item.id))


def _collection(collection_id: int):
    item = queries.collection_by_id(collection_id)
    if item is None:
        abort(404)
    return item


def _save_collection(item, form: CollectionForm):
    if not form.validate_on_submit():
        return None
    try:
        saved = services.save_collection(item, services.CollectionDetails(
            titles={"vi": form.title_vi.data or "", "en": form.title_en.data or ""},
            descriptions={"vi": form.description_vi.data or "",
                          "en": form.description_en.data or ""},
            starts_on=form.starts_on.data, ends_on=form.ends_on.data,
            on_home=form.on_home.data, position=form.position.data or 0))
    except services.PromotionError as error:
        db.session.rollback()
        show_error(form, error)
        return None
    db.session.commit()
    return saved


def _fill_collection(form: CollectionForm, item) -> None:
    for locale in ("vi", "en"):
        row = next((t for t in item.translations if t.locale == locale), None)
        getattr(form, f"title_{locale}").data = row.title if row else ""
        getattr(form, f"description_{locale}").data = row.description if row else ""
    form.starts_on.data, form.ends_on.data = item.starts_on, item.ends_on
    form.on_home.data, form.position.data = item.on_home, item.position


def _filled(item) -> CollectionForm:
    form = CollectionForm(formdata=None)
    _fill_collection(form, item)
    return form


def _collection_page(item, form, status: int = 200, product_form=None):
    return render_template(
        "admin/collection.html", collection=item, form=form, today=today(),
        product_form=product_form or CollectionProductForm(formdata=None),
        banner_form=BannerForm(formdata=None), action_form=DecisionForm(formdata=None)), status


# -- events ------------------------------------------------------------------------------------

@bp.get("/events")
@admin_required
def events():
    return render_template("admin/events.html", today=today(),
                           page=queries.events_page(requested_page(), PAGE_SIZE))


@bp.route("/events/new", methods=["GET", "POST"])
@admin_required
def new_event():
    return _event_form(None)


@bp.route("/events/<int:event_id>", methods=["GET", "POST"])
@admin_required
def event(event_id: int):
    item = queries.event_by_id(event_id)
    if item is None:
        abort(404)
    return _event_form(item)


def _event_form(item):
    form = EventForm()
    form.producer_ids.choices = [SelectChoice(p.id, p.text("vi").name)
                                 for p in queries.all_producers()]
    if request.method == "GET":
        if item is not None:
            _fill_event(form, item)
        return _event_page(item, form)
    if not form.validate_on_submit():
        return _event_page(item, form, 400)
    try:
        saved = services.save_event(item, services.EventDetails(
            names={"vi": form.name_vi.data or "", "en": form.name_en.data or ""},
            places={"vi": form.place_vi.data or "", "en": form.place_en.data or ""},
            descriptions={"vi": form.description_vi.data or "",
                          "en": form.description_en.data or ""},
            starts_on=form.starts_on.data, ends_on=form.ends_on.data,
            website=form.website.data or "", producer_ids=tuple(form.producer_ids.data or ()),
            published=form.published.data))
    except services.PromotionError as error:
        db.session.rollback()
        show_error(form, error)
        return _event_page(item, form, 409)
    db.session.commit()
    flash(gettext("Event saved."), "info")
    return redirect(url_for("admin.event", event_id=saved.id))


def _fill_event(form: EventForm, item) -> None:
    for locale in ("vi", "en"):
        row = next((t for t in item.translations if t.locale == locale), None)
        for name in ("name", "place", "description"):
            getattr(form, f"{name}_{locale}").data = getattr(row, name) if row else ""
    form.starts_on.data, form.ends_on.data = item.starts_on, item.ends_on
    form.website.data, form.published.data = item.website, item.published
    form.producer_ids.data = [producer.id for producer in item.producers]


def _event_page(item, form, status: int = 200):
    return render_template("admin/event.html", event=item, form=form), status
