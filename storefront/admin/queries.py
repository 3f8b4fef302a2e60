"""Reads for the office's pages."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from storefront.accounts.models import DistributorProfile, DistributorStatus, Role, User
from storefront.catalog.models import (
    Category,
    Certificate,
    ListingReview,
    Producer,
    Product,
    ProductTranslation,
    ReviewState,
)
from storefront.extensions import db
from storefront.finance import queries as finance_queries
from storefront.mail.models import OutboxEmail
from storefront.pagination import Page
from storefront.text import fold, slugify


def _page(statement, count_statement, page: int, page_size: int) -> Page:
    total = db.session.scalar(count_statement) or 0
    items = list(db.session.scalars(
        statement.limit(page_size).offset((page - 1) * page_size)).unique())
    return Page(items, total, page, page_size)


def overview() -> dict[str, int]:
    return {
        "pending_distributors": db.session.scalar(
            sa.select(sa.func.count(DistributorProfile.id))
            .where(DistributorProfile.status == DistributorStatus.PENDING)) or 0,
        "pending_listings": db.session.scalar(
            sa.select(sa.func.count(ListingReview.id))
            .where(ListingReview.state == ReviewState.PENDING)) or 0,
        "unsent_emails": db.session.scalar(
            sa.select(sa.func.count(OutboxEmail.id)).where(OutboxEmail.sent_at.is_(None))) or 0,
        "producers": db.session.scalar(sa.select(sa.func.count(Producer.id))) or 0,
        "staff": db.session.scalar(sa.select(sa.func.count(User.id))
                                   .where(User.role == Role.PRODUCER_STAFF)) or 0,
        "waiting_transfers": finance_queries.waiting_count(),
    }


def distributors(status: DistributorStatus | None, page: int, page_size: int) -> Page:
    condition = DistributorProfile.status == status if status else sa.true()
    return _page(
        sa.select(DistributorProfile).where(condition)
        .options(joinedload(DistributorProfile.user))
        .order_by(DistributorProfile.created_at.desc(), DistributorProfile.id.desc()),
        sa.select(sa.func.count(DistributorProfile.id)).where(condition), page, page_size)


def distributor(profile_id: int) -> DistributorProfile | None:
    return db.session.get(DistributorProfile, profile_id)


PRODUCER_STATUSES = {"all": sa.true(), "waiting": Producer.verified_at.is_(None),
                     "verified": Producer.verified_at.is_not(None)}


def producers_with_staff(page: int, page_size: int, status: str = "all", q: str = "") -> Page:
    where = [PRODUCER_STATUSES[status]]
    if q:
        where.append(sa.or_(
            Producer.slug.like(f"%{slugify(q)}%"),
            sa.func.lower(Producer.legal_name).like(f"%{q.lower()}%")))
    return _page(
        sa.select(Producer).where(*where).options(selectinload(Producer.translations),
                                                  joinedload(Producer.district))
        .order_by(Producer.verified_at.is_not(None), Producer.slug),
        sa.select(sa.func.count(Producer.id)).where(*where), page, page_size)


def staff_by_producer(producer_ids: list[int]) -> dict[int, list[User]]:
    staff: dict[int, list[User]] = {}
    for user in db.session.scalars(sa.select(User).where(
            User.role == Role.PRODUCER_STAFF, User.producer_id.in_(producer_ids))
            .order_by(User.name)):
        staff.setdefault(user.producer_id, []).append(user)
    return staff


def producer(producer_id: int) -> Producer | None:
    return db.session.scalar(sa.select(Producer).where(Producer.id == producer_id)
                             .options(selectinload(Producer.translations)))


def outbox(status: str, page: int, page_size: int) -> Page:
    conditions = {"waiting": OutboxEmail.sent_at.is_(None),
                  "sent": OutboxEmail.sent_at.is_not(None)}
    condition = conditions.get(status, sa.true())
    return _page(sa.select(OutboxEmail).where(condition).order_by(OutboxEmail.id.desc()),
                 sa.select(sa.func.count(OutboxEmail.id)).where(condition), page, page_size)


def email(email_id: int) -> OutboxEmail | None:
    return db.session.get(OutboxEmail, email_id)


def listing_reviews(state: ReviewState | None, page: int, page_size: int) -> Page:
    """Reviews, oldest waiting first (they have waited longest); decided ones newest first."""
    condition = ListingReview.state == state if state else sa.true()
    order = ((ListingReview.submitted_at, ListingReview.id) if state == ReviewState.PENDING
             else (ListingReview.submitted_at.desc(), ListingReview.id.desc()))
    return _page(
        sa.select(ListingReview).where(condition)
        .options(joinedload(ListingReview.product).options(
                     selectinload(Product.translations), selectinload(Product.images),
                     joinedload(Product.producer).selectinload(Producer.translations)),
                 joinedload(ListingReview.proposed_category)
                 .selectinload(Category.translations))
        .order_by(*order),
        sa.select(sa.func.count(ListingReview.id)).where(condition), page, page_size)


def listing_review(review_id: int) -> ListingReview | None:
    return db.session.scalar(
        sa.select(ListingReview).where(ListingReview.id == review_id)
        .options(joinedload(ListingReview.product).options(
            selectinload(Product.translations), selectinload(Product.images),
            selectinload(Product.certificates),
            joinedload(Product.category).selectinload(Category.translations),
            joinedload(Product.producer).selectinload(Producer.translations))))


def review_history(product_id: int) -> list[ListingReview]:
    return list(db.session.scalars(
        sa.select(ListingReview).where(ListingReview.product_id == product_id)
        .order_by(ListingReview.submitted_at.desc(), ListingReview.id.desc())))


CERTIFICATE_WARNING_DAYS = 90


def certificate_filters(today: dt.date) -> dict:
    """The registry's tabs: status → WHERE clause."""
    live = Certificate.revoked_at.is_(None)
    return {
        "current": sa.and_(live, Certificate.valid_until >= today),
        "expiring": sa.and_(live, Certificate.valid_until >= today, Certificate.valid_until
                            <= today + dt.timedelta(days=CERTIFICATE_WARNING_DAYS)),
        "expired": sa.and_(live, Certificate.valid_until < today),
        "revoked": Certificate.revoked_at.is_not(None),
        "all": sa.true(),
    }


def certificates(condition, q: str, page: int, page_size: int) -> Page:
    where = [condition]
    if q:
        pattern = f"%{q.lower()}%"
        where.append(sa.or_(
            sa.func.lower(Certificate.decision_number).like(pattern),
            sa.func.lower(Product.sku).like(pattern),
            Product.id.in_(sa.select(ProductTranslation.product_id)
                           .where(ProductTranslation.sort_name.like(f"%{fold(q)}%")))))
    statement = (sa.select(Certificate).join(Certificate.product).where(*where)
                 .options(joinedload(Certificate.product).options(
                     selectinload(Product.translations),
                     joinedload(Product.producer).selectinload(Producer.translations)))
                 .order_by(Certificate.valid_until, Certificate.id))
    count = sa.select(sa.func.count(Certificate.id)).join(Certificate.product).where(*where)
    return _page(statement, count, page, page_size)


def certificate(certificate_id: int) -> Certificate | None:
    return db.session.scalar(
        sa.select(Certificate).where(Certificate.id == certificate_id)
        .options(joinedload(Certificate.product).options(
            selectinload(Product.translations), selectinload(Product.certificates),
            joinedload(Product.producer).selectinload(Producer.translations))))


def product_by_sku(sku: str) -> Product | None:
    return db.session.scalar(sa.select(Product).where(Product.sku == sku.strip())
                             .options(selectinload(Product.certificates)))


PRODUCT_STATUSES = ("all", "published", "pending", "draft", "archived")


def products(status: str, q: str, page: int, page_size: int) -> Page:
    where = [] if status == "all" else [Product.status == status]
    if q:
        where.append(sa.or_(
            sa.func.lower(Product.sku).like(f"%{q.lower()}%"),
            Product.id.in_(sa.select(ProductTranslation.product_id)
                           .where(ProductTranslation.sort_name.like(f"%{fold(q)}%")))))
    return _page(
        sa.select(Product).where(*where).options(
            selectinload(Product.translations),
            joinedload(Product.producer).selectinload(Producer.translations))
        .order_by(Product.id.desc()),
        sa.select(sa.func.count(Product.id)).where(*where), page, page_size)


USER_ROLES = ("all", *(str(role) for role in Role))


def users(role: str, q: str, page: int, page_size: int) -> Page:
    where = [] if role == "all" else [User.role == Role(role)]
    if q:
        pattern = f"%{q.lower()}%"
        where.append(sa.or_(User.email.like(pattern), sa.func.lower(User.name).like(pattern)))
    return _page(
        sa.select(User).where(*where).options(
            joinedload(User.distributor),
            joinedload(User.producer).selectinload(Producer.translations))
        .order_by(User.id.desc()),
        sa.select(sa.func.count(User.id)).where(*where), page, page_size)


def user(user_id: int) -> User | None:
    return db.session.get(User, user_id)


def product(product_id: int) -> Product | None:
    return db.session.scalar(sa.select(Product).where(Product.id == product_id)
                             .options(selectinload(Product.translations)))
