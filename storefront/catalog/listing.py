"""The catalogue list: filters resolved to ids, facet counts, a sorted page of products.

Browsing (no search words) is answered here in SQL. Search answers the same page from its
index, counting facets itself and handing the counts to ``build_facets``, so both paths
render through one template. Every function issues a fixed number of queries whatever
the page size; a test asserts it.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field, replace

import sqlalchemy as sa
from sqlalchemy.orm import aliased, joinedload, selectinload

from storefront.catalog.filters import PRICE_BANDS, STAR_CHOICES, CatalogueFilters
from storefront.catalog.models import (
    FALLBACK_LOCALE,
    Category,
    District,
    Producer,
    Product,
    ProductStatus,
    ProductTranslation,
)
from storefront.extensions import db
from storefront.page_cache import remembered
from storefront.text import fold

PRODUCER_FACET_SIZE = 12
NO_UPPER_PRICE = 10**12


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facets:
    groups: list[tuple[FacetValue, list[FacetValue]]]  # each group with its subgroups
    stars: list[FacetValue]
    districts: list[FacetValue]
    producers: list[FacetValue]
    price_bands: list[tuple[int | None, int | None, int, bool]]
    in_stock_count: int


@dataclass
class FacetCounts:
    """Raw counts per facet value, each counted with every filter but its own."""

    categories: dict[int, int] = field(default_factory=dict)  # by category id
    stars: dict[int, int] = field(default_factory=dict)  # valid stars only
    districts: dict[int, int] = field(default_factory=dict)
    producers: dict[int, int] = field(default_factory=dict)  # the top ones
    price_bands: list[int] = field(default_factory=lambda: [0] * len(PRICE_BANDS))
    in_stock: int = 0

    def encode(self) -> dict:
        """For JSON (storefront.page_cache.remembered): id keys kept as pairs."""
        return {"categories": list(self.categories.items()), "stars": list(self.stars.items()),
                "districts": list(self.districts.items()),
                "producers": list(self.producers.items()),
                "price_bands": self.price_bands, "in_stock": self.in_stock}

    @classmethod
    def decode(cls, data: dict) -> FacetCounts:
        return cls(categories=dict(data["categories"]), stars=dict(data["stars"]),
                   districts=dict(data["districts"]), producers=dict(data["producers"]),
                   price_bands=data["price_bands"], in_stock=data["in_stock"])


@dataclass
class CataloguePage:
    products: list[Product]
    total: int
    page: int
    page_size: int
    facets: Facets
    unknown: list[str]  # filter names whose value matched nothing (reported, ignored)
    snippets: dict[int, str] = field(default_factory=dict)  # product id → highlighted HTML
    suggestion: str | None = None  # "did you mean"
    approximate: bool = False  # results come from typo-tolerant matching

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.page_size))


@dataclass(frozen=True)
class ResolvedFilters:
    """Filters with slugs turned into ids."""

    filters: CatalogueFilters
    category_ids: tuple[int, ...] | None = None
    district_id: int | None = None
    producer_id: int | None = None


def card_loading():
    """What a product card shows: texts, main image, producer name, origin district, and
    (for verified distributors) the lowest wholesale price."""
    return (
        selectinload(Product.translations),
        selectinload(Product.images),
        selectinload(Product.price_tiers),
        joinedload(Product.origin_district),
        joinedload(Product.producer).selectinload(Producer.translations),
    )


def published() -> sa.ColumnElement[bool]:
    return Product.status == ProductStatus.PUBLISHED


def valid_stars(today: dt.date) -> sa.ColumnElement[bool]:
    return sa.and_(Product.stars.is_not(None), Product.stars_valid_until >= today)


def all_categories() -> list[Category]:
    return list(db.session.scalars(
        sa.select(Category).options(selectinload(Category.translations))
        .order_by(Category.parent_id.is_not(None), Category.position)
    ))


def all_districts() -> list[District]:
    return list(db.session.scalars(sa.select(District).order_by(District.position)))


def resolve_filters(filters: CatalogueFilters, categories: list[Category],
                    districts: list[District]) -> tuple[ResolvedFilters, list[str]]:
    """Slugs → ids; the names of filters whose slug matched nothing come back too."""
    unknown: list[str] = []
    category_ids = None
    if filters.category:
        chosen = next((c for c in categories if c.slug == filters.category), None)
        if chosen is None:
            unknown.append("category")
        else:
            category_ids = (chosen.id, *(c.id for c in categories if c.parent_id == chosen.id))
    district_id = None
    if filters.district:
        district_id = next((d.id for d in districts if d.slug == filters.district), None)
        if district_id is None:
            unknown.append("district")
    producer_id = None
    if filters.producer:
        producer_id = db.session.scalar(
            sa.select(Producer.id).where(Producer.slug == filters.producer)
        )
        if producer_id is None:
            unknown.append("producer")
    return ResolvedFilters(filters, category_ids, district_id, producer_id), unknown


def products_in_order(ids: list[int]) -> list[Product]:
    """The products with these ids, in this order, loaded for cards."""
    by_id = {
        product.id: product
        for product in db.session.scalars(
            sa.select(Product).where(Product.id.in_(ids)).options(*card_loading())
        ).unique()
    }
    return [by_id[product_id] for product_id in ids if product_id in by_id]


# -- building facets from counts (shared with search) -------------------------------------

def _label(translated, locale: str) -> str:
    return translated.text(locale).name if translated.text(locale) else translated.slug


def category_facets(counts: dict[int, int], selected: str | None, categories: list[Category],
                     locale: str) -> list[tuple[FacetValue, list[FacetValue]]]:
    groups = []
    for group in (c for c in categories if c.parent_id is None):
        children = [
            FacetValue(c.slug, _label(c, locale), counts.get(c.id, 0), c.slug == selected)
            for c in categories if c.parent_id == group.id
        ]
        total = counts.get(group.id, 0) + sum(child.count for child in children)
        group_selected = selected == group.slug or any(child.selected for child in children)
        groups.append((FacetValue(group.slug, _label(group, locale), total, group_selected),
                       children))
    return groups


def _producer_facets(counts: dict[int, int], selected_id: int | None,
                     locale: str) -> list[FacetValue]:
    top = dict(sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:PRODUCER_FACET_SIZE])
    if selected_id is not None:
        top.setdefault(selected_id, counts.get(selected_id, 0))
    producers = db.session.scalars(
        sa.select(Producer).where(Producer.id.in_(top))
        .options(selectinload(Producer.translations))
    ).all()
    values = [FacetValue(p.slug, _label(p, locale), top[p.id], p.id == selected_id)
              for p in producers]
    return sorted(values, key=lambda v: (-v.count, fold(v.label)))


def build_facets(counts: FacetCounts, resolved: ResolvedFilters, categories: list[Category],
                 districts: list[District], locale: str) -> Facets:
    f = resolved.filters
    return Facets(
        groups=category_facets(counts.categories, f.category, categories, locale),
        stars=[FacetValue(str(s), str(s), counts.stars.get(s, 0), f.stars == s)
               for s in STAR_CHOICES],
        districts=[
            FacetValue(d.slug, d.name, counts.districts.get(d.id, 0),
                       d.id == resolved.district_id)
            for d in districts
        ],
        producers=_producer_facets(counts.producers, resolved.producer_id, locale),
        price_bands=[
            (low, high, count, f.price_min == low and f.price_max == high)
            for (low, high), count in zip(PRICE_BANDS, counts.price_bands, strict=True)
        ],
        in_stock_count=counts.in_stock,
    )


# -- SQL: conditions, counts, order ---------------------------------------------------

def conditions(resolved: ResolvedFilters, today: dt.date, skip: str = "") -> list:
    """WHERE clauses for the filters, leaving out ``skip`` (a facet counts without itself)."""
    f = resolved.filters
    where = [published()]
    if resolved.category_ids is not None and skip != "category":
        where.append(Product.category_id.in_(resolved.category_ids))
    if f.stars and skip != "stars":
        where += [Product.stars == f.stars, valid_stars(today)]
    if resolved.district_id is not None and skip != "district":
        where.append(Product.origin_district_id == resolved.district_id)
    if resolved.producer_id is not None and skip != "producer":
        where.append(Product.producer_id == resolved.producer_id)
    if skip != "price":
        if f.price_min is not None:
            where.append(Product.price_vnd >= f.price_min)
        if f.price_max is not None:
            where.append(Product.price_vnd <= f.price_max)
    if f.in_stock and skip != "in_stock":
        where.append(Product.stock > 0)
    return where


def count_by(column, where) -> dict:
    rows = db.session.execute(
        sa.select(column, sa.func.count(Product.id)).where(*where).group_by(column)
    )
    return dict(rows.all())


def _price_band_counts(where) -> list[int]:
    cases = [
        sa.func.sum(sa.case((sa.and_(
            Product.price_vnd >= (low or 0),
            Product.price_vnd <= (high if high is not None else NO_UPPER_PRICE),
        ), 1), else_=0))
        for low, high in PRICE_BANDS
    ]
    row = db.session.execute(sa.select(*cases).where(*where)).one()
    return [int(value or 0) for value in row]


def _sql_facet_counts(resolved: ResolvedFilters, today: dt.date) -> FacetCounts:
    top_producers = db.session.execute(
        sa.select(Product.producer_id, sa.func.count(Product.id))
        .where(*conditions(resolved, today, "producer")).group_by(Product.producer_id)
        .order_by(sa.func.count(Product.id).desc(), Product.producer_id)
        .limit(PRODUCER_FACET_SIZE)
    ).all()
    return FacetCounts(
        categories=count_by(Product.category_id, conditions(resolved, today, "category")),
        stars=count_by(Product.stars, [*conditions(resolved, today, "stars"),
                                       valid_stars(today)]),
        districts=count_by(Product.origin_district_id, conditions(resolved, today, "district")),
        producers=dict(top_producers),
        price_bands=_price_band_counts(conditions(resolved, today, "price")),
        in_stock=db.session.scalar(
            sa.select(sa.func.count(Product.id))
            .where(*conditions(resolved, today, "in_stock"), Product.stock > 0)
        ) or 0,
    )


def _order_by(sort: str, locale: str, today: dt.date) -> tuple[list, list]:
    """ORDER BY clauses, and the joins they need."""
    if sort == "price_asc":
        return [Product.price_vnd.asc(), Product.id.asc()], []
    if sort == "price_desc":
        return [Product.price_vnd.desc(), Product.id.desc()], []
    if sort == "newest":
        return [Product.published_at.desc(), Product.id.desc()], []
    if sort == "name":
        wanted, fallback = aliased(ProductTranslation), aliased(ProductTranslation)
        joins = [
            (wanted, sa.and_(wanted.product_id == Product.id, wanted.locale == locale)),
            (fallback, sa.and_(fallback.product_id == Product.id,
                               fallback.locale == FALLBACK_LOCALE)),
        ]
        return [sa.func.coalesce(wanted.sort_name, fallback.sort_name).asc(), Product.id], joins
    shown_stars = sa.case((valid_stars(today), Product.stars), else_=0)
    return [shown_stars.desc(), Product.published_at.desc(), Product.id.desc()], []


def _page_ids(where, filters: CatalogueFilters, locale: str, today: dt.date,
              page_size: int) -> list[int]:
    """Sort and cut the page on ids only: far cheaper than sorting wide joined rows."""
    order, joins = _order_by(filters.sort, locale, today)
    statement = sa.select(Product.id).where(*where)
    for target, on in joins:
        statement = statement.outerjoin(target, on)
    return list(db.session.scalars(
        statement.order_by(*order).limit(page_size).offset((filters.page - 1) * page_size)
    ))


@dataclass(frozen=True)
class _PageNumbers:
    """What a catalogue page counts and sorts: the same for everyone until a change."""

    total: int
    ids: list[int]
    counts: FacetCounts

    def encode(self) -> dict:
        return {"total": self.total, "ids": self.ids, "counts": self.counts.encode()}

    @classmethod
    def decode(cls, data: dict) -> _PageNumbers:
        return cls(data["total"], data["ids"], FacetCounts.decode(data["counts"]))


def _page_numbers(resolved: ResolvedFilters, filters: CatalogueFilters, locale: str,
                  today: dt.date, page_size: int) -> _PageNumbers:
    where = conditions(resolved, today)
    total = db.session.scalar(sa.select(sa.func.count(Product.id)).where(*where)) or 0
    return _PageNumbers(total, _page_ids(where, filters, locale, today, page_size),
                        _sql_facet_counts(resolved, today))


def catalogue_page(filters: CatalogueFilters, locale: str, today: dt.date,
                   page_size: int) -> CataloguePage:
    """One page of published products matching ``filters`` (not ``q``), with facets.

    The counts and the page's ids — seven scans of the products at 100,000 of them — are
    remembered until the catalogue changes (storefront.page_cache), so visitors whose
    pages are their own (signed in, with a cart) share them too."""
    categories, districts = all_categories(), all_districts()
    resolved, unknown = resolve_filters(filters, categories, districts)
    numbers = remembered(
        "catalogue", (replace(filters, errors=()), locale, page_size),
        lambda: _page_numbers(resolved, filters, locale, today, page_size),
        encode=_PageNumbers.encode, decode=_PageNumbers.decode)
    return CataloguePage(
        products=products_in_order(numbers.ids),
        total=numbers.total,
        page=filters.page,
        page_size=page_size,
        facets=build_facets(numbers.counts, resolved, categories, districts, locale),
        unknown=unknown,
    )
