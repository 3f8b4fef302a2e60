"""The producer's public profile: stories in both languages, contact details, the map pin."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user

from storefront.accounts.permissions import producer_staff_required
from storefront.catalog import gallery, queries
from storefront.catalog import services as catalog_services
from storefront.catalog.images import remove_files
from storefront.extensions import db
from storefront.form_errors import show_error
from storefront.producer_portal.blueprint import bp
from storefront.producer_portal.forms import CoverForm, ProfileForm
from storefront.uploads import UploadError

# -- the producer's profile -------------------------------------------------------------------

@bp.route("/profile", methods=["GET", "POST"])
@producer_staff_required
def profile():
    producer = queries.producer_by_id(current_user.producer_id)
    form = ProfileForm()
    if request.method == "GET":
        form.fill(producer)
        return _profile_page(producer, form)
    if not form.validate_on_submit():
        return _profile_page(producer, form, 400)
    if "preview" in request.form:  # show the stories as they would look; nothing is saved
        return _profile_page(producer, form, preview=True)
    try:
        catalog_services.update_producer_profile(producer, _profile_of(form))
    except catalog_services.ProfileError as error:
        db.session.rollback()
        show_error(form, error)
        return _profile_page(producer, form, 409)
    db.session.commit()
    flash(gettext("Profile saved: it shows on your public page."), "info")
    return redirect(url_for("producer_portal.profile"))


def _profile_page(producer, form: ProfileForm, status: int = 200, preview: bool = False):
    return render_template("producer_portal/profile.html", producer=producer, form=form,
                           cover_form=CoverForm(formdata=None), preview=preview), status


@bp.post("/profile/cover")
@producer_staff_required
def cover_photo():
    producer = queries.producer_by_id(current_user.producer_id)
    form = CoverForm()
    upload = form.cover.data
    if not form.validate_on_submit() or not upload or not upload.filename:
        flash(gettext("Choose a photo to upload."), "error")
        return redirect(url_for("producer_portal.profile"))
    try:
        old_files = gallery.replace_banner(producer, gallery.Upload(
            data=upload.read(gallery.MAX_BYTES + 1), filename=upload.filename),
            f"producers/{producer.id}")
    except UploadError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for("producer_portal.profile"))
    db.session.commit()
    remove_files(*old_files)
    flash(gettext("Cover photo saved: it heads your public page."), "info")
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
