"""A producer writing its own listings: new drafts, and edits to texts and label facts.

Vietnamese is the reference text. When it changes and the English is not edited in the
same save, the English is flagged "possibly outdated" for readers of the form, until
someone edits or confirms it. On a published product a new name or category is only a
proposal (catalog.reviews): the shop keeps showing the approved one until the office
agrees. Everything else publishes at once. Services flush, never commit.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, fields
from decimal import Decimal

from flask_babel import gettext

from storefront.catalog import reviews
from storefront.catalog import services as catalog_services
from storefront.catalog.labels import UNITS
from storefront.catalog.models import (
    Category,
    District,
    ListingReview,
    Producer,
    Product,
    ProductStatus,
    StockReason,
)
from storefront.db import free_slug
from storefront.errors import DomainError
from storefront.extensions import db
from storefront.text import nfc, slugify

LOCALES = ("vi", "en")


class ListingError(DomainError):
    def __init__(self, message, field: str | None = None):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class ListingTexts:
    """One language's texts; ``story`` is Markdown, rendered through nh3."""

    name: str = ""
    summary: str = ""
    description: str = ""
    story: str = ""
    ingredients: str = ""
    usage: str = ""
    storage: str = ""
    warnings: str = ""
    net_quantity: str = ""

    def cleaned(self) -> ListingTexts:
        return ListingTexts(**{f.name: nfc(getattr(self, f.name) or "").strip()
                               for f in fields(self)})

    def as_dict(self) -> dict[str, str]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True)
class ListingFacts:
    category_id: int
    unit: str
    origin_district_id: int
    origin_commune: str = ""
    shelf_life_days: int | None = None
    abv_percent: Decimal | None = None


@dataclass(frozen=True)
class NewListing:
    facts: ListingFacts
    texts: dict[str, ListingTexts]  # by locale
    price_vnd: int
    weight_g: int
    stock: int = 0


def create_listing(producer: Producer, listing: NewListing, actor_id: int | None) -> Product:
    """A draft of ``producer``'s: nobody else sees it until the office approves it."""
    texts = _checked_texts(listing.texts)
    _check_facts(listing.facts)
    product = Product(
        producer=producer, status=ProductStatus.DRAFT, slug=_free_slug(texts["vi"].name),
        sku=_new_sku(producer), price_vnd=listing.price_vnd, weight_g=listing.weight_g,
        stock=0, **_fact_columns(listing.facts))
    db.session.add(product)
    for locale, text in texts.items():
        if text.name:
            catalog_services.set_product_translation(product, locale, **text.as_dict())
    db.session.flush()
    if listing.stock > 0:
        catalog_services.adjust_stock(product, listing.stock, StockReason.PRODUCTION, actor_id)
    return product


@dataclass(frozen=True)
class EditOutcome:
    proposal: ListingReview | None  # set when a name/category change awaits the office


def edit_listing(product: Product, facts: ListingFacts, texts: dict[str, ListingTexts], *,
                 english_confirmed: bool, actor_id: int | None) -> EditOutcome:
    """Save the producer's edits. Raises ListingError and changes nothing on bad input."""
    texts = _checked_texts(texts)
    _check_facts(facts)
    proposal = None
    if product.status == ProductStatus.PUBLISHED:
        proposal = _propose_identity_change(product, facts.category_id, texts, actor_id)
        facts = _with_category(facts, product.category_id)
        texts = {locale: _with_name(text, _current_name(product, locale))
                 for locale, text in texts.items()}
    vi_changed = _differs(product, "vi", texts["vi"])
    en_changed = _differs(product, "en", texts["en"])
    for column, value in _fact_columns(facts).items():
        setattr(product, column, value)
    for locale, text in texts.items():
        if text.name or _current_name(product, locale):
            catalog_services.set_product_translation(product, locale, **text.as_dict())
    _mark_english(product, outdated=vi_changed and not en_changed and not english_confirmed)
    db.session.flush()
    return EditOutcome(proposal=proposal)


def _propose_identity_change(product: Product, category_id: int,
                             texts: dict[str, ListingTexts], actor_id: int | None):
    names = {locale: texts[locale].name for locale in LOCALES}
    if (category_id == product.category_id
            and all(names[locale] == _current_name(product, locale) for locale in LOCALES)):
        return None
    return reviews.propose_change(product, category_id=category_id, names=names,
                                  actor_id=actor_id)


def _mark_english(product: Product, *, outdated: bool) -> None:
    english = next((t for t in product.translations if t.locale == "en"), None)
    if english is not None:
        english.outdated = outdated


def _differs(product: Product, locale: str, text: ListingTexts) -> bool:
    row = next((t for t in product.translations if t.locale == locale), None)
    if row is None:
        return any(text.as_dict().values())
    return any(getattr(row, name) != value for name, value in text.as_dict().items())


def _current_name(product: Product, locale: str) -> str:
    row = next((t for t in product.translations if t.locale == locale), None)
    return row.name if row else ""


def _with_name(text: ListingTexts, name: str) -> ListingTexts:
    return ListingTexts(**{**text.as_dict(), "name": name})


def _with_category(facts: ListingFacts, category_id: int) -> ListingFacts:
    return ListingFacts(**{**{f.name: getattr(facts, f.name) for f in fields(facts)},
                           "category_id": category_id})


def _checked_texts(texts: dict[str, ListingTexts]) -> dict[str, ListingTexts]:
    cleaned = {locale: (texts.get(locale) or ListingTexts()).cleaned() for locale in LOCALES}
    if not cleaned["vi"].name:
        raise ListingError(gettext("Enter the product's Vietnamese name."), field="name_vi")
    if not slugify(cleaned["vi"].name):
        raise ListingError(gettext("The name needs letters or digits."), field="name_vi")
    english = cleaned["en"]
    if not english.name and any(english.as_dict().values()):
        raise ListingError(gettext("Give the English texts a name too, or leave them all empty."),
                           field="name_en")
    return cleaned


def _check_facts(facts: ListingFacts) -> None:
    category = db.session.get(Category, facts.category_id)
    if category is None or category.parent_id is None:  # products sit in a subgroup
        raise ListingError(gettext("Choose a category."), field="category_id")
    if db.session.get(District, facts.origin_district_id) is None:
        raise ListingError(gettext("Choose the district the product comes from."),
                           field="origin_district_id")
    if facts.unit not in UNITS:
        raise ListingError(gettext("Choose a unit."), field="unit")


def _fact_columns(facts: ListingFacts) -> dict:
    return {"category_id": facts.category_id, "unit": facts.unit,
            "origin_district_id": facts.origin_district_id,
            "origin_commune": nfc(facts.origin_commune).strip()[:120],
            "shelf_life_days": facts.shelf_life_days, "abv_percent": facts.abv_percent}


def _free_slug(name: str) -> str:
    return free_slug(db.session, Product.slug, slugify(name)[:150])


def _new_sku(producer: Producer) -> str:
    # Random rather than counted: two staff creating listings at once never collide.
    return f"P{producer.id}-{secrets.token_hex(3).upper()}"
