"""Reads for the API: keyset pages (``id > after``), so a partner walking 100,000 products
never makes the database skip rows, and a product added meanwhile is never seen twice."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from storefront.catalog.listing import ResolvedFilters, card_loading, conditions
from storefront.catalog.models import Category, Producer, Product
from storefront.extensions import db


def products_after(resolved: ResolvedFilters, today: dt.date, after_id: int,
                   limit: int) -> list[Product]:
    return list(db.session.scalars(
        sa.select(Product).where(*conditions(resolved, today), Product.id > after_id)
        .order_by(Product.id).limit(limit)
        .options(*card_loading(), joinedload(Product.category))).unique())


def producers_after(after_id: int, limit: int) -> list[Producer]:
    return list(db.session.scalars(
        sa.select(Producer).where(Producer.verified_at.is_not(None), Producer.id > after_id)
        .order_by(Producer.id).limit(limit)
        .options(selectinload(Producer.translations), joinedload(Producer.district))))


def categories() -> list[Category]:
    return list(db.session.scalars(
        sa.select(Category).order_by(Category.parent_id.is_not(None), Category.position)
        .options(selectinload(Category.translations), joinedload(Category.parent))))
