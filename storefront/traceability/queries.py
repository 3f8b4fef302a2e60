"""Reads of batches: by trace code (the public page), a product's batches."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from storefront.catalog.models import Producer, Product
from storefront.extensions import db
from storefront.traceability.models import Batch


def batch_by_code(code: str) -> Batch | None:
    return db.session.scalar(sa.select(Batch).where(Batch.trace_code == code).options(
        joinedload(Batch.product).options(
            selectinload(Product.translations), selectinload(Product.images),
            selectinload(Product.certificates), joinedload(Product.origin_district),
            joinedload(Product.producer).options(selectinload(Producer.translations),
                                                 joinedload(Producer.district)))))


def batches_of_product(product_id: int) -> list[Batch]:
    return list(db.session.scalars(sa.select(Batch).where(Batch.product_id == product_id)
                                   .order_by(Batch.production_date.desc(), Batch.id.desc())))


def batch_by_id(batch_id: int) -> Batch | None:
    return db.session.scalar(sa.select(Batch).where(Batch.id == batch_id).options(
        joinedload(Batch.product).selectinload(Product.translations)))


def lot_exists(product_id: int, lot_code: str) -> bool:
    return db.session.scalar(sa.select(Batch.id).where(
        Batch.product_id == product_id, Batch.lot_code == lot_code)) is not None
