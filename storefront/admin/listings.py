"""The office approves listings: new products, and new names or categories of published
ones. Each decision is e-mailed to the producer's staff in their language."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext
from flask_login import current_user

from storefront.accounts import queries as account_queries
from storefront.accounts.permissions import admin_required
from storefront.admin import queries
from storefront.admin.blueprint import PAGE_SIZE, bp, status_argument
from storefront.admin.forms import ReviewDecisionForm
from storefront.catalog import reviews
from storefront.catalog.models import ListingReview, ReviewState
from storefront.clock import today
from storefront.extensions import db
from storefront.links import external_url
from storefront.mail.services import queue_email
from storefront.pagination import requested_page

STATES = {"pending": ReviewState.PENDING, "approved": ReviewState.APPROVED,
          "changes_requested": ReviewState.CHANGES_REQUESTED, "all": None}


@bp.get("/listings")
@admin_required
def listings():
    status = status_argument(tuple(STATES), "pending")
    return render_template("admin/listings.html", status=status,
                           page=queries.listing_reviews(STATES[status], requested_page(),
                                                        PAGE_SIZE))


@bp.get("/listings/<int:review_id>")
@admin_required
def listing(review_id: int):
    return _review_page(_review(review_id), ReviewDecisionForm(formdata=None))


@bp.post("/listings/<int:review_id>/<any(approve, request_changes):decision>")
@admin_required
def decide_listing(review_id: int, decision: str):
    review = _review(review_id)
    form = ReviewDecisionForm()
    if not form.validate_on_submit():
        return _review_page(review, form, 400)
    comment = form.comment.data or ""
    try:
        if decision == "approve":
            reviews.approve(review, current_user.id, comment)
        else:
            reviews.request_changes(review, current_user.id, comment)
    except reviews.ReviewError as error:
        db.session.rollback()
        form.comment.errors = [error.message]
        return _review_page(review, form, 409)
    _tell_producer(review)
    db.session.commit()
    flash(gettext("Decision recorded and e-mailed to the producer."), "info")
    return redirect(url_for("admin.listings"))


def _review(review_id: int) -> ListingReview:
    review = queries.listing_review(review_id)
    if review is None:
        abort(404)
    return review


def _review_page(review: ListingReview, form: ReviewDecisionForm, status: int = 200):
    return render_template("admin/listing.html", review=review, product=review.product,
                           form=form, today=today(),
                           history=queries.review_history(review.product_id)), status


def _tell_producer(review: ListingReview) -> None:
    kind = ("listing_approved" if review.state == ReviewState.APPROVED
            else "listing_changes_requested")
    for address, name, locale in account_queries.producer_recipients(
            review.product.producer_id):
        queue_email(kind, address, locale, to_name=name, review=review,
                    product_name=review.product.text(locale).name,
                    link=external_url("producer_portal.product", lang=locale,
                                      product_id=review.product_id))
