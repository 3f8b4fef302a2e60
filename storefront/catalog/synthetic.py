"""A large, plausible catalogue for benchmarks (``flask seed synthetic --products N``).

Rows go in with bulk Core inserts and explicit ids, in chunks, so 100,000 products take
about a minute instead of an hour of ORM unit-of-work. Names are combinations of real
product types and places; every synthetic SKU starts with ``SYN-``.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import sqlalchemy as sa

from storefront.catalog import signals
from storefront.catalog.certificates import valid_until_for
from storefront.catalog.models import (
    Category,
    Certificate,
    District,
    Producer,
    ProducerKind,
    ProducerTranslation,
    Product,
    ProductImage,
    ProductStatus,
    ProductTranslation,
)
from storefront.clock import today, utcnow
from storefront.extensions import db
from storefront.text import fold, slugify

CHUNK = 2000
PRODUCTS_PER_PRODUCER = 25

# (Vietnamese, English, subgroup slug, net quantity, price range in thousand đồng)
PRODUCT_TYPES = [
    ("Nước mắm cá cơm", "Anchovy fish sauce", "spices-condiments", "500 ml", (80, 180)),
    ("Mật ong rừng", "Wild honey", "raw-processed", "500 ml", (220, 400)),
    ("Khoai deo", "Dried sweet potato", "processed-food", "500 g", (60, 120)),
    ("Rượu sim", "Sim-berry wine", "alcoholic-drinks", "500 ml", (120, 230)),
    ("Tinh bột nghệ đỏ", "Red turmeric starch", "functional-foods", "500 g", (250, 450)),
    ("Đũa gỗ", "Wooden chopsticks", "wooden-goods", "10 đôi", (60, 150)),
    ("Trà rau má", "Gotu kola tea", "non-alcoholic-drinks", "100 g", (60, 140)),
    ("Dầu lạc nguyên chất", "Pure peanut oil", "processed-food", "1 l", (90, 160)),
    ("Tỏi đen", "Black garlic", "functional-foods", "500 g", (300, 450)),
    ("Hồ tiêu", "Black pepper", "spices-condiments", "200 g", (80, 130)),
    ("Mực khô", "Dried squid", "processed-food", "500 g", (450, 900)),
    ("Muối Roòn", "Roòn salt", "spices-condiments", "1 kg", (25, 45)),
    ("Tinh dầu tràm", "Tea-tree essential oil", "essential-oils", "10 ml", (60, 120)),
    ("Giỏ mây", "Rattan basket", "bamboo-rattan", "1 chiếc", (150, 450)),
    ("Khăn thổ cẩm", "Brocade scarf", "woven-fabrics", "1 chiếc", (250, 600)),
]
PLACES = [
    "Bảo Ninh", "Hải Trạch", "Cảnh Dương", "Quảng Phú", "Kiến Giang", "Hải Ninh", "Quy Đạt",
    "Đồng Lê", "Phong Nha", "Sen Thủy", "Quảng Thủy", "Hoàn Lão", "Trường Sơn", "Hóa Sơn",
]
PRODUCER_WORDS = ["An Phú", "Bình Minh", "Hòa Bình", "Tân Tiến", "Đồng Tâm", "Hưng Thịnh",
                  "Phú Lộc", "Thành Công", "Quê Hương", "Sông Gianh", "Kiến Giang", "Nhật Lệ"]
STAR_WEIGHTS = {3: 70, 4: 25, 5: 1}


@dataclass
class SyntheticReport:
    producers: int
    products: int


def _chunks(total: int) -> Iterator[range]:
    for start in range(0, total, CHUNK):
        yield range(start, min(start + CHUNK, total))


def _next_id(model) -> int:
    return (db.session.scalar(sa.select(sa.func.max(model.id))) or 0) + 1


def _reset_sequences(models) -> None:
    """Explicit ids leave PostgreSQL sequences behind; move them past the new rows."""
    if db.engine.dialect.name != "postgresql":
        return
    for model in models:
        table = model.__tablename__
        db.session.execute(sa.text(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608 - table names are ours
            f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
        ))


def _insert_producers(count: int, rng: random.Random, districts: list[District]) -> list[int]:
    first_id, now = _next_id(Producer), utcnow()
    producers, translations = [], []
    for offset in range(count):
        producer_id = first_id + offset
        word = rng.choice(PRODUCER_WORDS)
        district = rng.choice(districts)
        vi_name = f"HTX {word} {producer_id}"
        producers.append({
            "id": producer_id, "slug": f"{slugify(vi_name)}-syn", "kind": ProducerKind.COOPERATIVE,
            "legal_name": f"Hợp tác xã {word} {producer_id}", "district_id": district.id,
            "commune": rng.choice(PLACES), "province": "Quảng Bình", "address": "",
            "phone": "", "email": "", "website": "", "verified_at": now,
            "created_at": now, "updated_at": now,
        })
        for locale, name in (("vi", vi_name), ("en", f"{word} {producer_id} Cooperative")):
            translations.append({"producer_id": producer_id, "locale": locale, "name": name,
                                 "tagline": "", "story": ""})
    db.session.execute(sa.insert(Producer), producers)
    db.session.execute(sa.insert(ProducerTranslation), translations)
    return [row["id"] for row in producers]


def _product_rows(
    product_id: int, rng: random.Random, producer_ids: list[int], categories: dict[str, int],
    districts: list[District], images_by_category: dict[int, list[tuple[str, str]]],
) -> tuple[dict, list[dict], dict, list[dict]]:
    vi_type, en_type, subgroup, quantity, (low, high) = rng.choice(PRODUCT_TYPES)
    place = rng.choice(PLACES)
    vi_name, en_name = f"{vi_type} {place} {quantity}", f"{place} {en_type} {quantity}"
    now, stars = utcnow(), rng.choices(list(STAR_WEIGHTS), weights=STAR_WEIGHTS.values())[0]
    decision_date = today() - dt.timedelta(days=rng.randint(0, 4 * 365))
    category_id = categories[subgroup]
    product = {
        "id": product_id, "producer_id": rng.choice(producer_ids), "category_id": category_id,
        "slug": f"{slugify(vi_name)}-{product_id}", "sku": f"SYN-{product_id:07d}",
        "status": ProductStatus.PUBLISHED, "price_vnd": rng.randint(low, high) * 1000,
        "stock": 0 if rng.random() < 0.05 else rng.randint(1, 500),
        "weight_g": rng.randint(200, 1500), "unit": "piece", "featured": False,
        "origin_commune": place,
        "origin_district_id": rng.choice(districts).id, "stars": stars,
        "stars_valid_until": valid_until_for(decision_date), "published_at": now,
        "created_at": now, "updated_at": now,
    }
    summary = {"vi": f"{vi_type} từ {place}, Quảng Bình.",
               "en": f"{en_type} from {place}, Quảng Bình."}
    translations = [
        {"product_id": product_id, "locale": locale, "name": name, "sort_name": fold(name),
         "summary": summary[locale], "description": summary[locale], "story": "",
         "ingredients": "", "usage": "", "storage": "", "warnings": "",
         "net_quantity": quantity}
        for locale, name in (("vi", vi_name), ("en", en_name))
    ]
    score = {3: rng.randint(50, 69), 4: rng.randint(70, 89), 5: rng.randint(90, 100)}[stars]
    certificate = {
        "product_id": product_id, "stars": stars, "score": score,
        "decision_number": f"{rng.randint(100, 4999)}/QĐ-UBND", "decision_date": decision_date,
        "issuing_level": "province", "issuing_body": "UBND tỉnh Quảng Bình",
        "valid_until": valid_until_for(decision_date), "revoked_reason": "",
        "created_at": now, "updated_at": now,
    }
    pool = images_by_category.get(category_id, [])
    images = [
        {"product_id": product_id, "position": 1, "path": path, "thumb_path": thumb,
         "width": 1000, "height": 1000, "alt_vi": f"Hình minh họa: {vi_name}",
         "alt_en": f"Illustration: {en_name}"}
        for path, thumb in ([rng.choice(pool)] if pool else [])
    ]
    return product, translations, certificate, images


def _seed_images_by_category() -> dict[int, list[tuple[str, str]]]:
    """Reuse the sample catalogue's images so 100,000 products need no new files."""
    rows = db.session.execute(
        sa.select(Product.category_id, ProductImage.path, ProductImage.thumb_path)
        .join(ProductImage.product).where(ProductImage.position == 1)
    )
    by_category: dict[int, list[tuple[str, str]]] = {}
    for category_id, path, thumb in rows:
        by_category.setdefault(category_id, []).append((path, thumb))
    return by_category


def generate_catalogue(
    product_count: int, seed: int = 2026, advance: Callable[[int], None] = lambda _: None
) -> SyntheticReport:
    """Insert ``product_count`` published products (and producers for them).

    Needs districts and categories (load the sample catalogue first).
    Raises ValueError if they are missing.
    """
    districts = list(db.session.scalars(sa.select(District)))
    categories = dict(db.session.execute(sa.select(Category.slug, Category.id)).all())
    if not districts or not categories:
        raise ValueError("load the sample catalogue first: flask seed catalog")
    rng = random.Random(seed)
    producer_ids = _insert_producers(
        max(1, product_count // PRODUCTS_PER_PRODUCER), rng, districts
    )
    images_by_category, first_id = _seed_images_by_category(), _next_id(Product)
    for chunk in _chunks(product_count):
        rows = [
            _product_rows(first_id + index, rng, producer_ids, categories, districts,
                          images_by_category)
            for index in chunk
        ]
        db.session.execute(sa.insert(Product), [row[0] for row in rows])
        db.session.execute(sa.insert(ProductTranslation), [t for row in rows for t in row[1]])
        db.session.execute(sa.insert(Certificate), [row[2] for row in rows])
        image_rows = [image for row in rows for image in row[3]]
        if image_rows:
            db.session.execute(sa.insert(ProductImage), image_rows)
        advance(len(chunk))
    _reset_sequences((Producer, Product))
    signals.catalogue_bulk_loaded.send(None, session=db.session)
    # Fresh statistics, so the planner picks the covering indexes for facet counts.
    db.session.execute(sa.text("ANALYZE"))
    return SyntheticReport(producers=len(producer_ids), products=product_count)
