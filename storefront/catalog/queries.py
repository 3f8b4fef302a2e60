"""Reads of the catalogue: the filtered list with facet counts, product and producer pages.

Every list function issues a fixed number of queries whatever the page size: related rows
are loaded with ``selectinload``/``joinedload``, facet counts with one GROUP BY each.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import aliased, joinedload, selectinload

from storefront.catalog.filters import PRICE_BANDS, CatalogueFilters
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
from storefront.text import fold

PRODUCER_FACET_SIZE = 12


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
class CataloguePage:
    products: list[Product]
    total: int
    page: int
    page_size: int
    facets: Facets
    unknown: list[str]  # filter names whose value matched nothing (reported, ignored)

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.page_size))


@dataclass(frozen=True)
class _Resolved:
    """Filters with slugs turned into ids."""

    filters: CatalogueFilters
    category_ids: tuple[int, ...] | None
    district_id: int | None
    producer_id: int | None


def card_loading():
    """What a product card shows: texts, main image, producer name, origin district."""
    return (
        selectinload(Product.translations),
        selectinload(Product.images),
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


def _conditions(resolved: _Resolved, today: dt.date, skip: str = "") -> list:
    """WHERE clauses for the filters, leaving out ``skip`` (a facet counts without itself)."""
    f = resolved.filters
    conditions = [published()]
    if f.q:
        pattern = f"%{fold(f.q)}%"
        conditions.append(sa.exists().where(
            ProductTranslation.product_id == Product.id, ProductTranslation.sort_name.like(pattern)
        ))
    if resolved.category_ids is not None and skip != "category":
        conditions.append(Product.category_id.in_(resolved.category_ids))
    if f.stars and skip != "stars":
        conditions += [Product.stars == f.stars, valid_stars(today)]
    if resolved.district_id is not None and skip != "district":
        conditions.append(Product.origin_district_id == resolved.district_id)
    if resolved.producer_id is not None and skip != "producer":
        conditions.append(Product.producer_id == resolved.producer_id)
    if skip != "price":
        if f.price_min is not None:
            conditions.append(Product.price_vnd >= f.price_min)
        if f.price_max is not None:
            conditions.append(Product.price_vnd <= f.price_max)
    if f.in_stock and skip != "in_stock":
        conditions.append(Product.stock > 0)
    return conditions


def _resolve(filters: CatalogueFilters, categories: list[Category],
             districts: list[District]) -> tuple[_Resolved, list[str]]:
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
    return _Resolved(filters, category_ids, district_id, producer_id), unknown


def _counts(column, conditions) -> dict:
    rows = db.session.execute(
        sa.select(column, sa.func.count(Product.id)).where(*conditions).group_by(column)
    )
    return dict(rows.all())


def _price_band_counts(resolved: _Resolved, today: dt.date) -> list[int]:
    cases = [
        sa.func.sum(sa.case((sa.and_(
            Product.price_vnd >= (low or 0),
            Product.price_vnd <= (high if high is not None else 10**12),
        ), 1), else_=0))
        for low, high in PRICE_BANDS
    ]
    row = db.session.execute(sa.select(*cases).where(*_conditions(resolved, today, "price"))).one()
    return [int(value or 0) for value in row]


def _label(translated, locale: str) -> str:
    return translated.text(locale).name if translated.text(locale) else translated.slug


def _category_facets(resolved, today, categories, locale) -> list:
    counts = _counts(Product.category_id, _conditions(resolved, today, "category"))
    selected = resolved.filters.category
    groups = []
    for group in (c for c in categories if c.parent_id is None):
        children = [c for c in categories if c.parent_id == group.id]
        child_values = [
            FacetValue(c.slug, _label(c, locale), counts.get(c.id, 0), c.slug == selected)
            for c in children
        ]
        total = counts.get(group.id, 0) + sum(v.count for v in child_values)
        group_selected = selected == group.slug or any(v.selected for v in child_values)
        groups.append((FacetValue(group.slug, _label(group, locale), total, group_selected),
                       child_values))
    return groups


def _producer_facets(resolved, today, locale) -> list[FacetValue]:
    conditions = _conditions(resolved, today, "producer")
    top = db.session.execute(
        sa.select(Product.producer_id, sa.func.count(Product.id)).where(*conditions)
        .group_by(Product.producer_id).order_by(sa.func.count(Product.id).desc(),
                                                 Product.producer_id)
        .limit(PRODUCER_FACET_SIZE)
    ).all()
    counts = dict(top)
    if resolved.producer_id is not None and resolved.producer_id not in counts:
        counts[resolved.producer_id] = 0
    producers = db.session.scalars(
        sa.select(Producer).where(Producer.id.in_(counts))
        .options(selectinload(Producer.translations))
    ).all()
    values = [
        FacetValue(p.slug, _label(p, locale), counts[p.id], p.id == resolved.producer_id)
        for p in producers
    ]
    return sorted(values, key=lambda v: (-v.count, fold(v.label)))


def _facets(resolved: _Resolved, today, categories, districts, locale) -> Facets:
    f = resolved.filters
    star_counts = _counts(
        Product.stars, [*_conditions(resolved, today, "stars"), valid_stars(today)]
    )
    district_counts = _counts(Product.origin_district_id, _conditions(resolved, today, "district"))
    in_stock_count = db.session.scalar(
        sa.select(sa.func.count(Product.id))
        .where(*_conditions(resolved, today, "in_stock"), Product.stock > 0)
    )
    band_counts = _price_band_counts(resolved, today)
    return Facets(
        groups=_category_facets(resolved, today, categories, locale),
        stars=[FacetValue(str(s), str(s), star_counts.get(s, 0), f.stars == s) for s in (5, 4, 3)],
        districts=[
            FacetValue(d.slug, d.name, district_counts.get(d.id, 0), d.id == resolved.district_id)
            for d in districts
        ],
        producers=_producer_facets(resolved, today, locale),
        price_bands=[
            (low, high, count, f.price_min == low and f.price_max == high)
            for (low, high), count in zip(PRICE_BANDS, band_counts, strict=True)
        ],
        in_stock_count=in_stock_count or 0,
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


def _page_of_products(conditions, filters: CatalogueFilters, locale: str, today: dt.date,
                      page_size: int) -> list[Product]:
    """Sort and cut the page on ids only, then load those products with their relations.

    Sorting narrow id rows and loading 24 full products is far cheaper on a large catalogue
    than sorting wide rows joined to producers and districts.
    """
    order, joins = _order_by(filters.sort, locale, today)
    ids_statement = sa.select(Product.id).where(*conditions)
    for target, on in joins:
        ids_statement = ids_statement.outerjoin(target, on)
    ids = list(db.session.scalars(
        ids_statement.order_by(*order).limit(page_size).offset((filters.page - 1) * page_size)
    ))
    by_id = {
        product.id: product
        for product in db.session.scalars(
            sa.select(Product).where(Product.id.in_(ids)).options(*card_loading())
        ).unique()
    }
    return [by_id[product_id] for product_id in ids]


def catalogue_page(filters: CatalogueFilters, locale: str, today: dt.date,
                   page_size: int) -> CataloguePage:
    """One page of published products matching ``filters``, with facet counts."""
    categories, districts = all_categories(), all_districts()
    resolved, unknown = _resolve(filters, categories, districts)
    conditions = _conditions(resolved, today)
    total = db.session.scalar(sa.select(sa.func.count(Product.id)).where(*conditions)) or 0
    products = _page_of_products(conditions, filters, locale, today, page_size)
    return CataloguePage(
        products=products,
        total=total,
        page=filters.page,
        page_size=page_size,
        facets=_facets(resolved, today, categories, districts, locale),
        unknown=unknown,
    )


@dataclass
class Overview:
    """Entry points of the home page: product counts by group, stars and district."""

    groups: list[tuple[FacetValue, list[FacetValue]]]
    categories: list[Category]
    stars: list[FacetValue]
    districts: list[FacetValue]
    total: int


def overview(locale: str, today: dt.date) -> Overview:
    categories, districts = all_categories(), all_districts()
    resolved = _Resolved(CatalogueFilters(), None, None, None)
    conditions = _conditions(resolved, today)
    star_counts = _counts(Product.stars, [*conditions, valid_stars(today)])
    district_counts = _counts(Product.origin_district_id, conditions)
    groups = _category_facets(resolved, today, categories, locale)
    return Overview(
        groups=groups,
        categories=[c for c in categories if c.parent_id is None],
        stars=[FacetValue(str(s), str(s), star_counts.get(s, 0), False) for s in (5, 4, 3)],
        districts=[FacetValue(d.slug, d.name, district_counts.get(d.id, 0), False)
                   for d in districts],
        total=sum(group.count for group, _ in groups),
    )


def featured_products(limit: int) -> list[Product]:
    return list(db.session.scalars(
        sa.select(Product).where(published(), Product.featured.is_(True))
        .order_by(Product.stars.desc().nulls_last(), Product.id).limit(limit)
        .options(*card_loading())
    ).unique())


def product_by_slug(slug: str) -> Product | None:
    return db.session.scalar(
        sa.select(Product).where(Product.slug == slug, published())
        .options(
            selectinload(Product.translations),
            selectinload(Product.images),
            selectinload(Product.certificates),
            joinedload(Product.origin_district),
            joinedload(Product.category).joinedload(Category.parent),
            joinedload(Product.producer).joinedload(Producer.district),
            joinedload(Product.producer).selectinload(Producer.translations),
        )
    )


def category_with_parent_texts(category: Category) -> list[Category]:
    """The breadcrumb trail group → subgroup, with translations loaded in one query."""
    trail = [c for c in (category.parent, category) if c is not None]
    db.session.scalars(
        sa.select(Category).where(Category.id.in_([c.id for c in trail]))
        .options(selectinload(Category.translations))
    ).all()
    return trail


def related_products(product: Product, today: dt.date, limit: int = 4) -> list[Product]:
    """Same subgroup first, then the same group, then the same producer; best stars first."""
    group = product.category.parent or product.category
    group_ids = sa.select(Category.id).where(
        sa.or_(Category.id == group.id, Category.parent_id == group.id)
    )
    shown_stars = sa.case((valid_stars(today), Product.stars), else_=0)
    return list(db.session.scalars(
        sa.select(Product)
        .where(published(), Product.id != product.id,
               sa.or_(Product.category_id.in_(group_ids),
                      Product.producer_id == product.producer_id))
        .order_by((Product.category_id == product.category_id).desc(),
                  Product.category_id.in_(group_ids).desc(), shown_stars.desc(), Product.id)
        .limit(limit).options(*card_loading())
    ).unique())


@dataclass
class ProducerListPage:
    producers: list[Producer]
    product_counts: dict[int, int]
    total: int
    page: int
    page_size: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.page_size))


def producers_page(page: int, page_size: int, district_id: int | None = None) -> ProducerListPage:
    conditions = [Producer.verified_at.is_not(None)]
    if district_id is not None:
        conditions.append(Producer.district_id == district_id)
    total = db.session.scalar(sa.select(sa.func.count(Producer.id)).where(*conditions)) or 0
    producers = list(db.session.scalars(
        sa.select(Producer).where(*conditions)
        .order_by(Producer.district_id, Producer.slug)
        .limit(page_size).offset((page - 1) * page_size)
        .options(selectinload(Producer.translations), joinedload(Producer.district))
    ).unique())
    counts = dict(db.session.execute(
        sa.select(Product.producer_id, sa.func.count(Product.id))
        .where(published(), Product.producer_id.in_([p.id for p in producers]))
        .group_by(Product.producer_id)
    ).all())
    return ProducerListPage(producers, counts, total, page, page_size)


def producer_by_slug(slug: str) -> Producer | None:
    return db.session.scalar(
        sa.select(Producer).where(Producer.slug == slug, Producer.verified_at.is_not(None))
        .options(selectinload(Producer.translations), joinedload(Producer.district))
    )


def producer_products(producer: Producer, today: dt.date, limit: int) -> tuple[list[Product], int]:
    """The producer's published products (best stars first) and how many there are."""
    shown_stars = sa.case((valid_stars(today), Product.stars), else_=0)
    condition = sa.and_(published(), Product.producer_id == producer.id)
    total = db.session.scalar(sa.select(sa.func.count(Product.id)).where(condition)) or 0
    products = list(db.session.scalars(
        sa.select(Product).where(condition).order_by(shown_stars.desc(), Product.id)
        .limit(limit).options(*card_loading())
    ).unique())
    return products, total
