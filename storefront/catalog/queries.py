"""Reads of the catalogue: home overview, product and producer pages (lists: listing.py).

Every list function issues a fixed number of queries whatever the page size: related rows
are loaded with ``selectinload``/``joinedload``.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from storefront.catalog.listing import (
    FacetValue,
    all_categories,
    all_districts,
    card_loading,
    category_facets,
    count_by,
    products_in_order,
    published,
    valid_stars,
)
from storefront.catalog.models import Category, Producer, Product, StockMovement
from storefront.extensions import db
from storefront.page_cache import remembered


@dataclass
class Overview:
    """Entry points of the home page: product counts by group, stars and district."""

    groups: list[tuple[FacetValue, list[FacetValue]]]
    categories: list[Category]
    stars: list[FacetValue]
    districts: list[FacetValue]
    total: int


def _overview_counts(today: dt.date) -> dict[str, dict]:
    where = [published()]
    return {"stars": count_by(Product.stars, [*where, valid_stars(today)]),
            "districts": count_by(Product.origin_district_id, where),
            "categories": count_by(Product.category_id, where)}


def overview(locale: str, today: dt.date) -> Overview:
    """The home page's ways in, with counts remembered until the catalogue changes."""
    categories, districts = all_categories(), all_districts()
    counts = remembered(
        "overview", (), lambda: _overview_counts(today),
        encode=lambda found: {name: list(by.items()) for name, by in found.items()},
        decode=lambda data: {name: dict(pairs) for name, pairs in data.items()})
    star_counts, district_counts = counts["stars"], counts["districts"]
    groups = category_facets(counts["categories"], None, categories, locale)
    return Overview(
        groups=groups,
        categories=[c for c in categories if c.parent_id is None],
        stars=[FacetValue(str(s), str(s), star_counts.get(s, 0), False) for s in (5, 4, 3)],
        districts=[FacetValue(d.slug, d.name, district_counts.get(d.id, 0), False)
                   for d in districts],
        total=sum(group.count for group, _ in groups),
    )


def featured_products(limit: int) -> list[Product]:
    """The office's picks; finding them scans the products (no index on a flag set on a
    handful), so their ids are remembered until the catalogue changes."""
    ids = remembered("featured", (limit,), lambda: list(db.session.scalars(
        sa.select(Product.id).where(published(), Product.featured.is_(True))
        .order_by(Product.stars.desc().nulls_last(), Product.id).limit(limit))))
    return products_in_order(ids)


def product_by_slug(slug: str) -> Product | None:
    return db.session.scalar(
        sa.select(Product).where(Product.slug == slug, published())
        .options(
            selectinload(Product.translations),
            selectinload(Product.images),
            selectinload(Product.certificates),
            selectinload(Product.price_tiers),
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
    ids = remembered("related", (product.id, limit), lambda: list(db.session.scalars(
        sa.select(Product.id)
        .where(published(), Product.id != product.id,
               sa.or_(Product.category_id.in_(group_ids),
                      Product.producer_id == product.producer_id))
        .order_by((Product.category_id == product.category_id).desc(),
                  Product.category_id.in_(group_ids).desc(), shown_stars.desc(), Product.id)
        .limit(limit))))
    return products_in_order(ids)


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


def producer_by_id(producer_id: int) -> Producer | None:
    return db.session.scalar(
        sa.select(Producer).where(Producer.id == producer_id)
        .options(selectinload(Producer.translations), joinedload(Producer.district))
    )


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


def products_of_producer(producer_id: int) -> list[Product]:
    """Every product of a producer, whatever its status (for its own staff)."""
    return list(db.session.scalars(
        sa.select(Product).where(Product.producer_id == producer_id)
        .order_by(Product.status, Product.id)
        .options(selectinload(Product.translations), selectinload(Product.images))
    ))


def product_with_certificates(product_id: int) -> Product | None:
    return db.session.scalar(
        sa.select(Product).where(Product.id == product_id)
        .options(selectinload(Product.translations), selectinload(Product.images),
                 selectinload(Product.certificates), joinedload(Product.category))
    )


def stock_history(product_id: int, limit: int = 50) -> list:
    """The latest stock adjustments of a product, newest first."""
    return list(db.session.scalars(
        sa.select(StockMovement).where(StockMovement.product_id == product_id)
        .order_by(StockMovement.id.desc()).limit(limit)))
