"""Reading collections and events for the public pages and the office."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from storefront.catalog.listing import card_loading, published
from storefront.catalog.models import Producer, Product
from storefront.extensions import db
from storefront.pagination import Page
from storefront.promotion.models import Collection, CollectionItem, TradeEvent


def _running(day: dt.date):
    return sa.and_(sa.or_(Collection.starts_on.is_(None), Collection.starts_on <= day),
                   sa.or_(Collection.ends_on.is_(None), Collection.ends_on >= day))


def home_collections(day: dt.date) -> list[Collection]:
    """Running collections chosen for the home page, in the office's order."""
    return list(db.session.scalars(
        sa.select(Collection).where(Collection.on_home.is_(True), _running(day))
        .order_by(Collection.position, Collection.id)
        .options(selectinload(Collection.translations),
                 selectinload(Collection.items).selectinload(CollectionItem.product)
                 .options(*card_loading()))))


def shown_products(collection: Collection, limit: int | None = None) -> list[Product]:
    """The collection's published products in order (a product withdrawn since is skipped)."""
    products = [item.product for item in collection.items
                if item.product.status == "published"]
    return products[:limit] if limit else products


def collection_by_slug(slug: str) -> Collection | None:
    return db.session.scalar(
        sa.select(Collection).where(Collection.slug == slug)
        .options(selectinload(Collection.translations),
                 selectinload(Collection.items).selectinload(CollectionItem.product)
                 .options(*card_loading())))


def collection_by_id(collection_id: int) -> Collection | None:
    return db.session.scalar(
        sa.select(Collection).where(Collection.id == collection_id)
        .options(selectinload(Collection.translations),
                 selectinload(Collection.items).selectinload(CollectionItem.product)
                 .selectinload(Product.translations)))


def collections_page(page: int, page_size: int) -> Page:
    total = db.session.scalar(sa.select(sa.func.count(Collection.id))) or 0
    items = list(db.session.scalars(
        sa.select(Collection).order_by(Collection.position, Collection.id)
        .options(selectinload(Collection.translations), selectinload(Collection.items))
        .limit(page_size).offset((page - 1) * page_size)))
    return Page(items, total, page, page_size)


def _event_loading():
    return (selectinload(TradeEvent.translations),
            selectinload(TradeEvent.producers).selectinload(Producer.translations))


def upcoming_events(day: dt.date) -> list[TradeEvent]:
    """Events not over yet, soonest first (running ones included)."""
    return list(db.session.scalars(
        sa.select(TradeEvent).where(TradeEvent.published.is_(True), TradeEvent.ends_on >= day)
        .order_by(TradeEvent.starts_on, TradeEvent.id).options(*_event_loading())))


def past_events(day: dt.date, page: int, page_size: int) -> Page:
    where = sa.and_(TradeEvent.published.is_(True), TradeEvent.ends_on < day)
    total = db.session.scalar(sa.select(sa.func.count(TradeEvent.id)).where(where)) or 0
    items = list(db.session.scalars(
        sa.select(TradeEvent).where(where).order_by(TradeEvent.starts_on.desc(), TradeEvent.id)
        .options(*_event_loading()).limit(page_size).offset((page - 1) * page_size)))
    return Page(items, total, page, page_size)


def event_by_slug(slug: str) -> TradeEvent | None:
    return db.session.scalar(sa.select(TradeEvent).where(TradeEvent.slug == slug)
                             .options(*_event_loading()))


def event_by_id(event_id: int) -> TradeEvent | None:
    return db.session.scalar(sa.select(TradeEvent).where(TradeEvent.id == event_id)
                             .options(*_event_loading()))


def events_page(page: int, page_size: int) -> Page:
    total = db.session.scalar(sa.select(sa.func.count(TradeEvent.id))) or 0
    items = list(db.session.scalars(
        sa.select(TradeEvent).order_by(TradeEvent.starts_on.desc(), TradeEvent.id)
        .options(*_event_loading()).limit(page_size).offset((page - 1) * page_size)))
    return Page(items, total, page, page_size)


def all_producers() -> list[Producer]:
    return list(db.session.scalars(sa.select(Producer).order_by(Producer.slug)
                                   .options(selectinload(Producer.translations))))


def published_product_by_sku(sku: str) -> Product | None:
    return db.session.scalar(sa.select(Product).where(Product.sku == sku.strip(), published()))
