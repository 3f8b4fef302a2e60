"""The office's changes to collections and events. Services flush, never commit."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext

from storefront.catalog import gallery
from storefront.catalog.models import Producer
from storefront.db import free_slug
from storefront.errors import DomainError
from storefront.extensions import db
from storefront.promotion import queries
from storefront.promotion.models import (
    Collection,
    CollectionItem,
    CollectionTranslation,
    TradeEvent,
    TradeEventTranslation,
)
from storefront.text import nfc, slugify

LOCALES = ("vi", "en")


class PromotionError(DomainError):
    def __init__(self, message, field: str | None = None):
        super().__init__(message)
        self.field = field


# -- collections -------------------------------------------------------------------------------

@dataclass(frozen=True)
class CollectionDetails:
    titles: dict[str, str]  # by locale
    descriptions: dict[str, str]
    starts_on: dt.date | None
    ends_on: dt.date | None
    on_home: bool = True
    position: int = 0


def save_collection(collection: Collection | None, details: CollectionDetails) -> Collection:
    """Create (``collection`` None) or update a collection. Raises PromotionError."""
    titles = {locale: nfc(details.titles.get(locale, "")).strip()[:160] for locale in LOCALES}
    if not titles["vi"]:
        raise PromotionError(gettext("Give the collection a Vietnamese title."), "title_vi")
    _check_dates(details.starts_on, details.ends_on, optional=True)
    if collection is None:
        collection = Collection(slug=_free_slug(Collection, titles["vi"]))
        db.session.add(collection)
    collection.starts_on, collection.ends_on = details.starts_on, details.ends_on
    collection.on_home, collection.position = details.on_home, details.position
    _set_texts(collection, CollectionTranslation, {
        locale: {"title": titles[locale],
                 "description": nfc(details.descriptions.get(locale, "")).strip()[:5000]}
        for locale in LOCALES if titles[locale]})
    db.session.flush()
    return collection


def set_banner(collection: Collection, upload: gallery.Upload) -> tuple[str, ...]:
    """A new banner; returns the old files, to delete after the commit."""
    return gallery.replace_banner(collection, upload, f"collections/{collection.id}")


def add_product(collection: Collection, sku: str) -> CollectionItem:
    product = queries.published_product_by_sku(sku)
    if product is None:
        raise PromotionError(gettext("No published product has the SKU “%(sku)s”.",
                                     sku=sku.strip()), "sku")
    if any(item.product_id == product.id for item in collection.items):
        raise PromotionError(gettext("This product is already in the collection."), "sku")
    item = CollectionItem(product=product, position=len(collection.items))
    collection.items.append(item)
    db.session.flush()
    return item


def move_item(item: CollectionItem, where: str) -> None:
    """``where`` is "first", "up" or "down"."""
    try:
        items = gallery.reordered(item.collection.items, item, where)
    except ValueError:
        raise PromotionError(gettext("Unknown move.")) from None
    for position, each in enumerate(items):
        each.position = position
    db.session.flush()


def remove_item(item: CollectionItem) -> None:
    collection = item.collection
    collection.items.remove(item)
    db.session.delete(item)
    for position, each in enumerate(collection.items):
        each.position = position
    db.session.flush()


# -- events ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class EventDetails:
    names: dict[str, str]
    places: dict[str, str]
    descriptions: dict[str, str]
    starts_on: dt.date | None
    ends_on: dt.date | None
    website: str = ""
    producer_ids: tuple[int, ...] = ()
    published: bool = True


def save_event(event: TradeEvent | None, details: EventDetails) -> TradeEvent:
    """Create (``event`` None) or update an event. Raises PromotionError."""
    names = {locale: nfc(details.names.get(locale, "")).strip()[:200] for locale in LOCALES}
    if not names["vi"]:
        raise PromotionError(gettext("Give the event a Vietnamese name."), "name_vi")
    _check_dates(details.starts_on, details.ends_on, optional=False)
    website = details.website.strip()[:255]
    if website and not website.startswith(("https://", "http://")):
        raise PromotionError(gettext("A website address starts with https://"), "website")
    if event is None:
        event = TradeEvent(slug=_free_slug(TradeEvent, f"{names['vi']} {details.starts_on.year}"))
        db.session.add(event)
    event.starts_on, event.ends_on = details.starts_on, details.ends_on
    event.website, event.published = website, details.published
    event.producers = list(db.session.scalars(
        sa.select(Producer).where(Producer.id.in_(details.producer_ids)))) \
        if details.producer_ids else []
    _set_texts(event, TradeEventTranslation, {
        locale: {"name": names[locale],
                 "place": nfc(details.places.get(locale, "")).strip()[:255],
                 "description": nfc(details.descriptions.get(locale, "")).strip()[:10_000]}
        for locale in LOCALES if names[locale]})
    db.session.flush()
    return event


# -- shared ------------------------------------------------------------------------------------

def _check_dates(starts_on: dt.date | None, ends_on: dt.date | None, optional: bool) -> None:
    if not optional and (starts_on is None or ends_on is None):
        raise PromotionError(gettext("Enter the first and the last day."), "starts_on")
    if starts_on and ends_on and ends_on < starts_on:
        raise PromotionError(gettext("The last day comes before the first."), "ends_on")


def _set_texts(owner, model, texts: dict[str, dict[str, str]]) -> None:
    """Create, update or drop (an emptied English) the owner's translation rows."""
    by_locale = {row.locale: row for row in owner.translations}
    for locale in LOCALES:
        row, fields = by_locale.get(locale), texts.get(locale)
        if fields is None:
            if row is not None and locale != "vi":
                owner.translations.remove(row)
            continue
        if row is None:
            row = model(locale=locale, **fields)
            owner.translations.append(row)
        else:
            for name, value in fields.items():
                setattr(row, name, value)


def _free_slug(model, text: str) -> str:
    return free_slug(db.session, model.slug, slugify(text)[:100] or "ocop")
