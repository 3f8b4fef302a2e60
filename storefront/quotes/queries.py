"""Reads of quote requests: one with its history, a distributor's list, a producer's inbox."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from storefront.accounts.models import User
from storefront.catalog.models import Producer, Product
from storefront.extensions import db
from storefront.orders.models import Order
from storefront.pagination import Page
from storefront.quotes.models import (
    QuoteEvent,
    QuoteLine,
    QuoteMessage,
    QuoteRequest,
    QuoteRevision,
    QuoteRevisionLine,
)
from storefront.quotes.states import QuoteStatus


def request_by_number(number: str) -> QuoteRequest | None:
    return db.session.scalar(sa.select(QuoteRequest).where(QuoteRequest.number == number)
                             .options(*_detail()))


def _detail():
    return (
        joinedload(QuoteRequest.distributor).joinedload(User.distributor),
        joinedload(QuoteRequest.producer).selectinload(Producer.translations),
        selectinload(QuoteRequest.lines).joinedload(QuoteLine.product).options(
            selectinload(Product.price_tiers), selectinload(Product.translations)),
        selectinload(QuoteRequest.revisions).options(
            joinedload(QuoteRevision.author),
            selectinload(QuoteRevision.lines).joinedload(QuoteRevisionLine.quote_line)),
        selectinload(QuoteRequest.messages).joinedload(QuoteMessage.author),
        selectinload(QuoteRequest.events).joinedload(QuoteEvent.actor),
        joinedload(QuoteRequest.order),
    )


def _page(condition, status: str | None, page: int, page_size: int) -> Page:
    if status:
        condition = sa.and_(condition, QuoteRequest.status == QuoteStatus(status))
    total = db.session.scalar(sa.select(sa.func.count(QuoteRequest.id)).where(condition)) or 0
    items = list(db.session.scalars(
        sa.select(QuoteRequest).where(condition).order_by(QuoteRequest.updated_at.desc(),
                                                          QuoteRequest.id.desc())
        .limit(page_size).offset((page - 1) * page_size).options(
            joinedload(QuoteRequest.producer).selectinload(Producer.translations),
            joinedload(QuoteRequest.distributor).joinedload(User.distributor),
            selectinload(QuoteRequest.lines),
            selectinload(QuoteRequest.revisions).selectinload(QuoteRevision.lines),
            joinedload(QuoteRequest.order).load_only(Order.id, Order.number))))
    return Page(items, total, page, page_size)


def requests_of_distributor(user_id: int, status: str | None, page: int,
                            page_size: int) -> Page:
    return _page(QuoteRequest.distributor_id == user_id, status, page, page_size)


def inbox_of_producer(producer_id: int, status: str | None, page: int, page_size: int) -> Page:
    return _page(QuoteRequest.producer_id == producer_id, status, page, page_size)


def request_of_order(order: Order) -> QuoteRequest | None:
    return db.session.scalar(sa.select(QuoteRequest).where(QuoteRequest.order_id == order.id))


def waiting_for_producer(producer_id: int) -> int:
    """Requests the producer must answer: new ones and counter-offers."""
    return db.session.scalar(sa.select(sa.func.count(QuoteRequest.id)).where(
        QuoteRequest.producer_id == producer_id,
        QuoteRequest.status.in_([QuoteStatus.SUBMITTED, QuoteStatus.COUNTERED]))) or 0


def all_requests(status: str | None, page: int, page_size: int) -> Page:
    """Every request, for the office's overview."""
    return _page(sa.true(), status, page, page_size)
