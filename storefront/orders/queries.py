"""Reads of orders: one order with its history, a buyer's orders, the office's list."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from storefront.catalog.models import Producer
from storefront.extensions import db
from storefront.orders.models import Fulfilment, Order, OrderEvent, OrderLine
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



# -- a producer's parts of orders (the producer portal) -----------------------------------

F = FulfilmentStatus
PART_FILTERS: dict[str, list[FulfilmentStatus] | None] = {
    "to_confirm": [F.PENDING],
    "to_ship": [F.CONFIRMED, F.PACKED],
    "shipped": [F.SHIPPED],
    "done": [F.DELIVERED, F.CANCELLED],
    "all": None,
}


def _parts_of(producer_id: int, group: str):
    condition = Fulfilment.producer_id == producer_id
    statuses = PART_FILTERS[group]
    return sa.and_(condition, Fulfilment.status.in_(statuses)) if statuses else condition


def producer_parts(producer_id: int, group: str, page: int, page_size: int) -> Page:
    """One producer's parcels, newest order first, with their order and lines."""
    condition = _parts_of(producer_id, group)
    total = db.session.scalar(sa.select(sa.func.count(Fulfilment.id)).where(condition)) or 0
    items = list(db.session.scalars(
        sa.select(Fulfilment).where(condition).order_by(Fulfilment.order_id.desc())
        .limit(page_size).offset((page - 1) * page_size)
        .options(joinedload(Fulfilment.order), selectinload(Fulfilment.lines))))
    return Page(items, total, page, page_size)


def producer_part(number: str, producer_id: int) -> Fulfilment | None:
    """The producer's part of order ``number`` (None for another producer's order)."""
    return db.session.scalar(
        sa.select(Fulfilment).join(Fulfilment.order)
        .where(Order.number == number, Fulfilment.producer_id == producer_id)
        .options(joinedload(Fulfilment.order).selectinload(Order.events),
                 selectinload(Fulfilment.lines)))


def producer_parts_export(producer_id: int) -> list[Fulfilment]:
    return list(db.session.scalars(
        sa.select(Fulfilment).where(Fulfilment.producer_id == producer_id)
        .order_by(Fulfilment.order_id)
        .options(joinedload(Fulfilment.order), selectinload(Fulfilment.lines))))


def producer_part_counts(producer_id: int) -> dict[str, int]:
    """How many parcels wait in each step (the dashboard's "to do")."""
    rows = db.session.execute(
        sa.select(Fulfilment.status, sa.func.count(Fulfilment.id))
        .where(Fulfilment.producer_id == producer_id).group_by(Fulfilment.status)).all()
    by_status = {status: count for status, count in rows}
    return {group: sum(by_status.get(s, 0) for s in statuses)
            for group, statuses in PART_FILTERS.items() if statuses}


def producer_sales(producer_id: int, since) -> list[tuple]:
    """(placed at, quantity, unit price) of the producer's lines sold since ``since``,
    cancelled parts left out."""
    return list(db.session.execute(
        sa.select(Order.created_at, OrderLine.quantity, OrderLine.unit_price_vnd)
        .join(OrderLine.fulfilment).join(Fulfilment.order)
        .where(Fulfilment.producer_id == producer_id,
               Fulfilment.status != FulfilmentStatus.CANCELLED,
               Order.created_at >= since)))
