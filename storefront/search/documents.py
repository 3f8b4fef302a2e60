"""What the index holds for each product, producer and category, read from the database.

Reads are batched with plain SELECTs (no ORM objects), so a rebuild of 100,000 products
issues a few queries per thousand products rather than several per product.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import sqlalchemy as sa

from storefront.catalog.models import (
    FALLBACK_LOCALE,
    Category,
    CategoryTranslation,
    District,
    Producer,
    ProducerTranslation,
    Product,
    ProductStatus,
    ProductTranslation,
)
from storefront.extensions import db
from storefront.search.index import with_columns, yyyymmdd
from storefront.text import canonical_tones, fold, spaced_words

BATCH = 1000
PROVINCE = "Quảng Bình"


@dataclass
class _Names:
    """Lookup tables shared by every product document of one batch or rebuild."""

    producers: dict[int, dict[str, str]]
    categories: dict[int, dict[str, str]]
    parents: dict[int, int | None]
    districts: dict[int, str]

    @classmethod
    def load(cls, producer_ids: Iterable[int] | None = None) -> _Names:
        producer_rows = sa.select(
            ProducerTranslation.producer_id, ProducerTranslation.locale, ProducerTranslation.name,
            Producer.legal_name,
        ).join(Producer)
        if producer_ids is not None:
            producer_rows = producer_rows.where(Producer.id.in_(list(producer_ids)))
        producers: dict[int, dict[str, str]] = {}
        for producer_id, locale, name, legal_name in db.session.execute(producer_rows):
            producers.setdefault(producer_id, {"legal": legal_name})[locale] = name
        categories: dict[int, dict[str, str]] = {}
        for category_id, locale, name in db.session.execute(sa.select(
                CategoryTranslation.category_id, CategoryTranslation.locale,
                CategoryTranslation.name)):
            categories.setdefault(category_id, {})[locale] = name
        parents = dict(db.session.execute(sa.select(Category.id, Category.parent_id)).all())
        districts = dict(db.session.execute(sa.select(District.id, District.name)).all())
        return cls(producers, categories, parents, districts)

    def category_words(self, category_id: int) -> str:
        ids = [category_id, self.parents.get(category_id)]
        return " ".join(name for i in ids if i for name in self.categories.get(i, {}).values())


def _texts(rows) -> dict[int, dict[str, dict]]:
    texts: dict[int, dict[str, dict]] = {}
    for row in rows:
        texts.setdefault(row.product_id, {})[row.locale] = row._mapping
    return texts


def _product_document(row, texts: dict[str, dict], names: _Names) -> dict:
    vi = texts.get(FALLBACK_LOCALE) or next(iter(texts.values()))
    en = texts.get("en") or vi
    producer = names.producers.get(row.producer_id, {})
    producer_words = " ".join(filter(None, (producer.get("vi"), producer.get("en"),
                                            producer.get("legal"))))
    place = f"{row.origin_commune} {names.districts.get(row.origin_district_id, '')} {PROVINCE}"
    category = names.category_words(row.category_id)
    return with_columns({
        "id": f"product:{row.id}", "kind": "product", "ref": row.id, "slug": row.slug,
        "name_vi": vi["name"], "name_en": en["name"],
        "summary_vi": vi["summary"], "summary_en": en["summary"],
        "name": f"{vi['name']} {en['name']}", "name_stems": en["name"], "place": place,
        "folded": f" {spaced_words(fold(vi['name'] + ' ' + en['name']))} | "
                  f"{spaced_words(fold(place))} ",
        "accented": " ".join(sorted({canonical_tones(w) for w in
                                     spaced_words(f"{vi['name']} {en['name']}".lower()).split()})),
        "label": f"{producer_words} {place} {category}",
        "text": " ".join((vi["summary"], vi["description"], vi["story"], vi["ingredients"])),
        "text_en": " ".join((en["name"], en["summary"], en["description"], en["story"],
                             en["ingredients"])),
        "category_id": row.category_id, "district_id": row.origin_district_id,
        "producer_id": row.producer_id, "stars": row.stars or 0,
        "stars_until": yyyymmdd(row.stars_valid_until), "price": row.price_vnd,
        "stock": row.stock,
        "published": int(row.published_at.timestamp()) if row.published_at else 0,
        "sort_vi": vi["sort_name"], "sort_en": en["sort_name"],
    })


_PRODUCT_COLUMNS = (
    Product.id, Product.slug, Product.producer_id, Product.category_id, Product.price_vnd,
    Product.stock, Product.stars, Product.stars_valid_until, Product.published_at,
    Product.origin_commune, Product.origin_district_id,
)
_TEXT_COLUMNS = (
    ProductTranslation.product_id, ProductTranslation.locale, ProductTranslation.name,
    ProductTranslation.sort_name, ProductTranslation.summary, ProductTranslation.description,
    ProductTranslation.story, ProductTranslation.ingredients,
)


def product_documents(product_ids: list[int], names: _Names | None = None) -> dict[int, dict]:
    """Documents of the published products among ``product_ids`` (others are absent)."""
    documents: dict[int, dict] = {}
    for start in range(0, len(product_ids), BATCH):
        chunk = product_ids[start:start + BATCH]
        rows = db.session.execute(sa.select(*_PRODUCT_COLUMNS).where(
            Product.id.in_(chunk), Product.status == ProductStatus.PUBLISHED)).all()
        if not rows:
            continue
        texts = _texts(db.session.execute(
            sa.select(*_TEXT_COLUMNS).where(ProductTranslation.product_id.in_(chunk))))
        batch_names = names or _Names.load({row.producer_id for row in rows})
        for row in rows:
            if row.id in texts:
                documents[row.id] = _product_document(row, texts[row.id], batch_names)
    return documents


def producer_documents(producer_ids: list[int]) -> dict[int, dict]:
    rows = db.session.execute(
        sa.select(Producer.id, Producer.slug, Producer.commune, District.name)
        .join(District).where(Producer.id.in_(producer_ids), Producer.verified_at.is_not(None))
    ).all()
    names = _Names.load(producer_ids).producers
    documents = {}
    for producer_id, slug, commune, district in rows:
        vi = names.get(producer_id, {}).get("vi", slug)
        en = names.get(producer_id, {}).get("en", vi)
        place = f"{commune} {district} {PROVINCE}"
        documents[producer_id] = with_columns({
            "id": f"producer:{producer_id}", "kind": "producer", "ref": producer_id,
            "slug": slug, "name_vi": vi, "name_en": en, "name": f"{vi} {en}", "label": place,
        })
    return documents


def category_documents(category_ids: list[int]) -> dict[int, dict]:
    rows = db.session.execute(sa.select(Category.id, Category.slug)
                              .where(Category.id.in_(category_ids))).all()
    names = _Names.load([]).categories
    documents = {}
    for category_id, slug in rows:
        vi = names.get(category_id, {}).get("vi", slug)
        en = names.get(category_id, {}).get("en", vi)
        documents[category_id] = with_columns({
            "id": f"category:{category_id}", "kind": "category", "ref": category_id,
            "slug": slug, "name_vi": vi, "name_en": en, "name": f"{vi} {en}",
        })
    return documents


def all_documents() -> Iterator[dict]:
    """Every document of a full rebuild, products in batches."""
    names = _Names.load()
    product_ids = list(db.session.scalars(
        sa.select(Product.id).where(Product.status == ProductStatus.PUBLISHED)
        .order_by(Product.id)))
    for start in range(0, len(product_ids), BATCH):
        yield from product_documents(product_ids[start:start + BATCH], names).values()
    yield from producer_documents(list(db.session.scalars(sa.select(Producer.id)))).values()
    yield from category_documents(list(db.session.scalars(sa.select(Category.id)))).values()


def count_all_documents() -> int:
    products = db.session.scalar(sa.select(sa.func.count(Product.id))
                                 .where(Product.status == ProductStatus.PUBLISHED))
    producers = db.session.scalar(sa.select(sa.func.count(Producer.id))
                                  .where(Producer.verified_at.is_not(None)))
    categories = db.session.scalar(sa.select(sa.func.count(Category.id)))
    return (products or 0) + (producers or 0) + (categories or 0)


def products_of(entity: str, entity_id: int) -> list[int]:
    """Products whose documents repeat a producer's or category's name."""
    column = Product.producer_id if entity == "producer" else Product.category_id
    condition = column == entity_id
    if entity == "category":
        children = sa.select(Category.id).where(Category.parent_id == entity_id)
        condition = sa.or_(condition, Product.category_id.in_(children))
    return list(db.session.scalars(sa.select(Product.id).where(condition)))
