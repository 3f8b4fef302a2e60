"""Writing listings: a new product, its texts in both languages, its photos, and sending it
to the OCOP office. Price, stock and wholesale terms are on the product page (views.py)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from storefront.accounts.permissions import producer_staff_required
from storefront.catalog import editing, gallery, queries, reviews
from storefront.catalog.images import remove_files
from storefront.catalog.listing import all_categories, all_districts
from storefront.catalog.models import ProductStatus
from storefront.extensions import db
from storefront.form_errors import show_error
from storefront.producer_portal.blueprint import bp, own_product
from storefront.producer_portal.forms import (
    LISTING_TEXTS,
    ListingForm,
    NewListingForm,
    PhotosForm,
    PhotoTextForm,
    ReviewRequestForm,
)
from storefront.uploads import UploadError


@bp.route("/products/new", methods=["GET", "POST"])
@producer_staff_required
def new_product():
    form = _with_choices(NewListingForm())
    if request.method == "GET":
        return _listing_page(form, None)
    if not form.validate_on_submit():
        return _listing_page(form, None, 400)
    if "preview" in request.form:
        return _listing_page(form, None, preview=True)
    producer = queries.producer_by_id(current_user.producer_id)
    try:
        product = editing.create_listing(producer, editing.NewListing(
            facts=_facts(form), texts=_texts(form), price_vnd=form.price_vnd.data,
            weight_g=form.weight_g.data, stock=form.stock.data or 0), current_user.id)
    except editing.ListingError as error:
        db.session.rollback()
        show_error(form, error)
        return _listing_page(form, None, 409)
    db.session.commit()
    flash(gettext("Draft saved. Add photos, then send it to the OCOP office."), "info")
    return redirect(url_for("producer_portal.photos", product_id=product.id))


@bp.route("/products/<int:product_id>/edit", methods=["GET", "POST"])
@producer_staff_required
def edit_product(product_id: int):
    item = own_product(product_id)
    form = _with_choices(ListingForm())
    if request.method == "GET":
        form.fill(item)
        return _listing_page(form, item)
    if not form.validate_on_submit():
        return _listing_page(form, item, 400)
    if "preview" in request.form:
        return _listing_page(form, item, preview=True)
    try:
        outcome = editing.edit_listing(item, _facts(form), _texts(form),
                                       english_confirmed=form.english_confirmed.data,
                                       actor_id=current_user.id)
    except editing.ListingError as error:
        db.session.rollback()
        show_error(form, error)
        return _listing_page(form, item, 409)
    db.session.commit()
    flash(gettext("Saved. The new name or category shows once the OCOP office approves it.")
          if outcome.proposal else gettext("Saved."), "info")
    return redirect(url_for("producer_portal.product", product_id=item.id))


@bp.post("/products/<int:product_id>/submit")
@producer_staff_required
def submit_product(product_id: int):
    item = own_product(product_id)
    _review_action(lambda: reviews.submit_listing(item, current_user.id),
                   gettext("Sent to the OCOP office: you will get an e-mail when it decides."))
    return redirect(url_for("producer_portal.product", product_id=item.id))


@bp.post("/products/<int:product_id>/withdraw")
@producer_staff_required
def withdraw_review(product_id: int):
    item = own_product(product_id)
    review = reviews.open_review(item.id)
    if review is None:
        abort(404)
    _review_action(lambda: reviews.withdraw(review, current_user.id),
                   gettext("Request withdrawn."))
    return redirect(url_for("producer_portal.product", product_id=item.id))


def _review_action(action, success: str) -> None:
    if not ReviewRequestForm().validate_on_submit():
        abort(400)
    try:
        action()
    except reviews.ReviewError as error:
        db.session.rollback()
        flash(error.message, "error")
        return
    db.session.commit()
    flash(success, "info")


# -- photos ------------------------------------------------------------------------------------

@bp.route("/products/<int:product_id>/photos", methods=["GET", "POST"])
@producer_staff_required
def photos(product_id: int):
    item = own_product(product_id)
    form = PhotosForm()
    if request.method == "GET":
        return _photos_page(item, form)
    if not form.validate_on_submit():
        return _photos_page(item, form, 400)
    uploads = [gallery.Upload(data=file.read(gallery.MAX_BYTES + 1), filename=file.filename)
               for file in form.photos.data or () if file and file.filename]
    try:
        added = gallery.add_photos(item, uploads)
    except UploadError as error:
        db.session.rollback()
        form.photos.errors = [error.message]
        return _photos_page(item, form, 422)
    db.session.commit()
    flash(gettext("%(num)s photo(s) added: describe them for people who cannot see them.",
                  num=len(added)), "info")
    return redirect(url_for("producer_portal.photos", product_id=item.id))


@bp.post("/products/<int:product_id>/photos/<int:photo_id>/text")
@producer_staff_required
def photo_text(product_id: int, photo_id: int):
    item, photo = _own_photo(product_id, photo_id)
    form = PhotoTextForm()
    if not form.validate_on_submit():
        return _photos_page(item, PhotosForm(formdata=None), 400, failed=(photo.id, form))
    gallery.describe(photo, form.alt_vi.data or "", form.alt_en.data or "")
    db.session.commit()
    flash(gettext("Saved."), "info")
    return redirect(url_for("producer_portal.photos", product_id=item.id))


@bp.post("/products/<int:product_id>/photos/<int:photo_id>/move")
@producer_staff_required
def move_photo(product_id: int, photo_id: int):
    item, photo = _own_photo(product_id, photo_id)
    if not ReviewRequestForm().validate_on_submit():
        abort(400)
    try:
        gallery.move(photo, request.form.get("where", ""))
    except UploadError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
    return redirect(url_for("producer_portal.photos", product_id=item.id))


@bp.post("/products/<int:product_id>/photos/<int:photo_id>/delete")
@producer_staff_required
def delete_photo(product_id: int, photo_id: int):
    item, photo = _own_photo(product_id, photo_id)
    if not ReviewRequestForm().validate_on_submit():
        abort(400)
    if item.status == ProductStatus.PUBLISHED and len(item.images) == 1:
        flash(gettext("A published product keeps at least one photo: add another first."),
              "error")
        return redirect(url_for("producer_portal.photos", product_id=item.id))
    files = gallery.remove(photo)
    db.session.commit()
    remove_files(*files)
    flash(gettext("Photo removed."), "info")
    return redirect(url_for("producer_portal.photos", product_id=item.id))


def _own_photo(product_id: int, photo_id: int):
    item = own_product(product_id)
    photo = next((image for image in item.images if image.id == photo_id), None)
    if photo is None:
        abort(404)
    return item, photo


def _photos_page(item, form, status: int = 200, failed=None):
    text_forms = {photo.id: PhotoTextForm(formdata=None, obj=photo) for photo in item.images}
    if failed:
        text_forms[failed[0]] = failed[1]
    return render_template("producer_portal/photos.html", product=item, form=form,
                           text_forms=text_forms, action_form=ReviewRequestForm(formdata=None),
                           max_photos=gallery.MAX_PHOTOS), status


# -- shared ------------------------------------------------------------------------------------

def _with_choices(form: ListingForm) -> ListingForm:
    lang = request.view_args.get("lang", "vi")
    categories = all_categories()
    groups = [c for c in categories if c.parent_id is None]
    # Products belong to a subgroup; the six OCOP groups head the lists (<optgroup>).
    form.category_id.choices = {
        group.text(lang).name: [SelectChoice(c.id, c.text(lang).name) for c in categories
                                if c.parent_id == group.id] for group in groups}
    form.origin_district_id.choices = [SelectChoice(d.id, d.name) for d in all_districts()]
    return form


def _facts(form: ListingForm) -> editing.ListingFacts:
    return editing.ListingFacts(
        category_id=form.category_id.data, unit=form.unit.data,
        origin_district_id=form.origin_district_id.data,
        origin_commune=form.origin_commune.data or "",
        shelf_life_days=form.shelf_life_days.data, abv_percent=form.abv_percent.data)


def _texts(form: ListingForm) -> dict[str, editing.ListingTexts]:
    return {locale: editing.ListingTexts(**{
        name: getattr(form, f"{name}_{locale}").data or "" for name in LISTING_TEXTS})
        for locale in ("vi", "en")}


def _listing_page(form, item, status: int = 200, preview: bool = False):
    review = reviews.open_review(item.id) if item is not None else None
    english = item.text("en") if item is not None else None
    return render_template(
        "producer_portal/listing_form.html", form=form, product=item, review=review,
        preview=preview, english_outdated=bool(english and english.locale == "en"
                                               and english.outdated)), status
