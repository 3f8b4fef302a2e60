"""Reads of orders: one order with its history, a buyer's orders, the office's list."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from storefront.catalog.models import Producer
from storefront.extensions import db
from storefront.orders.models import Fulfilment, Order, OrderEvent
from storefront.orders.states import FulfilmentStatus, PaymentStatus
from storefront.pagination import Page


def order_by_number(number: str) -> Order | None:
    return db.session.scalar(
        sa.select(Order).where(Order.number == number).options(
            selectinload(Order.lines),
            selectinload(Order.fulfilments).joinedload(Fulfilment.producer)
            .selectinload(Producer.translations),
            selectinload(Order.fulfilments).selectinload(Fulfilment.lines),
            selectinload(Order.events).joinedload(OrderEvent.actor),
        ))


@dataclass
class Timeline:
    """The order's events, and each producer's part with its own events."""

    order_events: list[OrderEvent]
    parts: list[tuple[Fulfilment, list[OrderEvent]]]


def timeline(order: Order, *, for_office: bool = False) -> Timeline:
    """Buyers do not see the office's notes (kind "office")."""
    by_fulfilment: dict[int, list[OrderEvent]] = {f.id: [] for f in order.fulfilments}
    general = []
    for event in order.events:
        if event.kind == "office" and not for_office:
            continue
        by_fulfilment.get(event.fulfilment_id, general).append(event)
    return Timeline(general, [(f, by_fulfilment[f.id]) for f in order.fulfilments])


def orders_page(condition, page: int, page_size: int) -> Page:
    """Orders matching ``condition`` (a SQL expression on Order), newest first."""
    total = db.session.scalar(sa.select(sa.func.count(Order.id)).where(condition)) or 0
    items = list(db.session.scalars(
        sa.select(Order).where(condition).order_by(Order.id.desc())
        .limit(page_size).offset((page - 1) * page_size)
        .options(selectinload(Order.fulfilments), selectinload(Order.lines))))
    return Page(items, total, page, page_size)


def orders_of(user_id: int, page: int, page_size: int) -> Page:
    return orders_page(Order.user_id == user_id, page, page_size)


OFFICE_FILTERS = {
    "awaiting_transfer": lambda: sa.and_(Order.payment_method == "bank_transfer",
                                         Order.payment_status == PaymentStatus.UNPAID,
                                         Order.cancelled_at.is_(None)),
    "open": lambda: Order.id.in_(sa.select(Fulfilment.order_id).where(Fulfilment.status.in_(
        [FulfilmentStatus.PENDING, FulfilmentStatus.CONFIRMED, FulfilmentStatus.PACKED,
         FulfilmentStatus.SHIPPED]))),
    "all": lambda: sa.true(),
}

