"""Reads of card payments."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from storefront.clock import utcnow
from storefront.extensions import db
from storefront.orders.models import Fulfilment, Order
from storefront.payments.models import Payment, Refund, WebhookEvent


def payment_for(order: Order) -> Payment | None:
    return db.session.scalar(sa.select(Payment).where(Payment.order_id == order.id)
                             .options(selectinload(Payment.refunds)))


def payment_by_intent(intent_id: str) -> Payment | None:
    """Locked (FOR UPDATE on PostgreSQL) until the transaction ends: a webhook about this
    payment waits for a refund being sent at that moment to commit, and sees it."""
    return db.session.scalar(sa.select(Payment).where(Payment.intent_id == intent_id)
                             .options(joinedload(Payment.order), selectinload(Payment.refunds))
                             .with_for_update(of=Payment))


def lock_payment(payment_id: int) -> None:
    """Hold the payment's row until the transaction ends (FOR UPDATE; SQLite has one
    writer anyway)."""
    db.session.execute(sa.select(Payment.id).where(Payment.id == payment_id).with_for_update())


def event_seen(event_id: str, provider: str = "stripe") -> bool:
    return db.session.scalar(sa.select(WebhookEvent.id).where(
        WebhookEvent.provider == provider, WebhookEvent.event_id == event_id)) is not None


def refund_by_key(idempotency_key: str) -> Refund | None:
    return db.session.scalar(sa.select(Refund).where(Refund.idempotency_key == idempotency_key))


def payments_to_reconcile(days: int | None) -> list[int]:
    """Ids of card payments for orders placed in the last ``days`` (all when None)."""
    query = sa.select(Payment.id).join(Payment.order).order_by(Payment.id)
    if days is not None:
        query = query.where(Order.created_at >= utcnow() - dt.timedelta(days=days))
    return list(db.session.scalars(query))


def payment_for_reconcile(payment_id: int) -> Payment | None:
    return db.session.scalar(
        sa.select(Payment).where(Payment.id == payment_id).options(
            joinedload(Payment.order).selectinload(Order.fulfilments)
            .selectinload(Fulfilment.lines),
            selectinload(Payment.refunds)))


def flagged_orders():
    """A condition on Order: its card payment waits for the office."""
    return Order.id.in_(sa.select(Payment.order_id).where(Payment.flag != ""))
