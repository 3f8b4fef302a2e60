"""The producer's public profile: stories in both languages, contact details, the map pin."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user

from storefront.accounts.permissions import producer_staff_required
from storefront.catalog import queries
from storefront.catalog import services as catalog_services
from storefront.extensions import db
from storefront.form_errors import show_error
from storefront.producer_portal.blueprint import bp
from storefront.producer_portal.forms import ProfileForm

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
