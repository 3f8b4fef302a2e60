"""The office's approval of listings: a new product, or a published product's new name or
category. Price, stock and the other texts publish at once and never come here.

Each decision is claimed with a conditional UPDATE (``state = 'pending'``), so two officers
deciding at once, or a producer withdrawing while the office approves, settle on one
outcome. Decided rows stay as the record of who decided what, when and why.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext

from storefront.audit import recording as audit
from storefront.catalog import services as catalog_services
from storefront.catalog.models import (
    ListingReview,
    Product,
    ProductStatus,
    ReviewKind,
    ReviewState,
)
from storefront.clock import utcnow
from storefront.errors import DomainError
from storefront.extensions import db
from storefront.text import nfc

MAX_COMMENT = 2000


class ReviewError(DomainError):
    pass


def open_review(product_id: int) -> ListingReview | None:
    return db.session.scalar(sa.select(ListingReview).where(
        ListingReview.product_id == product_id, ListingReview.state == ReviewState.PENDING))


def last_decision(product_id: int) -> ListingReview | None:
    """The latest decided review: the producer sees the office's comment from it."""
    return db.session.scalar(
        sa.select(ListingReview)
        .where(ListingReview.product_id == product_id,
               ListingReview.state.in_([ReviewState.APPROVED, ReviewState.CHANGES_REQUESTED]))
        .order_by(ListingReview.decided_at.desc(), ListingReview.id.desc()).limit(1))


def submit_listing(product: Product, actor_id: int | None) -> ListingReview:
    """Send a draft to the office. It needs a summary and a photo to be judged."""
    if product.status != ProductStatus.DRAFT:
        raise ReviewError(gettext("Only a draft can be sent for approval."))
    if product.producer.verified_at is None:
        raise ReviewError(gettext(
            "The OCOP office has not verified your producer yet: it can publish listings "
            "once it has."))
    vietnamese = product.text("vi")
    if vietnamese is None or not vietnamese.summary:
        raise ReviewError(gettext("Write a short Vietnamese summary before sending it."))
    if not product.images:
        raise ReviewError(gettext("Add at least one photo before sending it."))
    product.status = ProductStatus.PENDING
    review = ListingReview(product=product, kind=ReviewKind.NEW_LISTING,
                           submitted_by_id=actor_id)
    db.session.add(review)
    db.session.flush()
    return review


def propose_change(product: Product, *, category_id: int, names: dict[str, str],
                   actor_id: int | None) -> ListingReview:
    """A new name or category for a published product; a second proposal replaces the first."""
    review = open_review(product.id)
    if review is None:
        review = ListingReview(product=product, kind=ReviewKind.CHANGE)
        db.session.add(review)
    review.proposed_category_id = category_id
    review.proposed_name_vi = names.get("vi", "")
    review.proposed_name_en = names.get("en", "")
    review.submitted_by_id, review.submitted_at = actor_id, utcnow()
    db.session.flush()
    return review


def approve(review: ListingReview, actor_id: int | None, comment: str = "") -> None:
    _claim(review, ReviewState.APPROVED, actor_id, comment)
    product = review.product
    if review.kind == ReviewKind.NEW_LISTING:
        catalog_services.publish_product(product)
    else:
        _apply_change(review)
    db.session.flush()


def request_changes(review: ListingReview, actor_id: int | None, comment: str) -> None:
    """Send it back with the office's reasons; a new listing returns to draft."""
    if not nfc(comment).strip():
        raise ReviewError(gettext("Tell the producer what to change."))
    _claim(review, ReviewState.CHANGES_REQUESTED, actor_id, comment)
    if review.kind == ReviewKind.NEW_LISTING:
        review.product.status = ProductStatus.DRAFT
    db.session.flush()


def withdraw(review: ListingReview, actor_id: int | None) -> None:
    """The producer takes a proposal back (a new listing returns to draft to be edited)."""
    _claim(review, ReviewState.WITHDRAWN, actor_id, "")
    if review.kind == ReviewKind.NEW_LISTING:
        review.product.status = ProductStatus.DRAFT
    db.session.flush()


def _claim(review: ListingReview, state: ReviewState, actor_id: int | None,
           comment: str) -> None:
    now = utcnow()
    claimed = db.session.execute(
        sa.update(ListingReview)
        .where(ListingReview.id == review.id, ListingReview.state == ReviewState.PENDING)
        .values(state=state, decided_by_id=actor_id, decided_at=now,
                comment=nfc(comment).strip()[:MAX_COMMENT])
        .execution_options(synchronize_session=False)).rowcount
    if not claimed:
        raise ReviewError(gettext("This request was already decided or withdrawn."))
    # A bare UPDATE passes the ORM by: the audit log is told directly.
    audit.record(db.session, str(state), "listing_reviews", review.id,
                 f"product {review.product_id}",
                 {"state": ["pending", str(state)], "comment": [None, comment.strip() or None]})
    db.session.refresh(review)


def _apply_change(review: ListingReview) -> None:
    product = review.product
    if review.proposed_category_id:
        product.category_id = review.proposed_category_id
    for locale, name in (("vi", review.proposed_name_vi), ("en", review.proposed_name_en)):
        if name:
            catalog_services.set_product_translation(product, locale, name=name)
