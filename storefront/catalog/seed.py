"""Load the sample catalogue into the database: an upsert by slug, safe to run again.

Records are matched by slug (certificates by decision number and date), so running the
loader twice changes nothing the second time, and editing a seed file updates the rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa

from storefront.catalog import services
from storefront.catalog.certificates import valid_until_for
from storefront.catalog.images import store_image
from storefront.catalog.models import (
    Category,
    CategoryTranslation,
    Certificate,
    District,
    IssuingLevel,
    PriceTier,
    Producer,
    ProducerKind,
    ProducerTranslation,
    Product,
    ProductImage,
)
from storefront.catalog.seed_files import (
    LOCALES,
    SeedCatalogue,
    SeedCertificate,
    SeedProducer,
    SeedProduct,
)
from storefront.clock import LOCAL_TIMEZONE, utcnow
from storefront.extensions import db

PRODUCT_IMAGE_VIEWS = 2
# The sample data has no wholesale terms of its own: every product (but tours) gets these,
# as fractions of the retail price, rounded down to 1,000 đồng (see catalog_seed/README.md).
SAMPLE_MIN_WHOLESALE_QTY = 20
SAMPLE_TIERS = ((20, 0.88), (100, 0.80))


@dataclass
class SeedReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    missing_images: list[str] = field(default_factory=list)

    def count(self, kind: str, created: bool) -> None:
        bucket = self.created if created else self.updated
        bucket[kind] = bucket.get(kind, 0) + 1


def _by_slug(model) -> dict:
    return {row.slug: row for row in db.session.scalars(sa.select(model))}


def _get_or_add(existing: dict, model, slug: str, report: SeedReport, kind: str):
    row = existing.get(slug)
    report.count(kind, created=row is None)
    if row is None:
        row = model(slug=slug)
        db.session.add(row)
        existing[slug] = row
    return row


def _upsert_districts(seed: SeedCatalogue, report: SeedReport) -> dict[str, District]:
    existing = _by_slug(District)
    for item in seed.districts:
        district = _get_or_add(existing, District, item.slug, report, "districts")
        district.kind, district.name, district.position = item.kind, item.name, item.position
    return existing


def _set_texts(owner, translation_class, texts_by_locale: dict[str, dict[str, str]]) -> None:
    """Create or update ``owner``'s translation row of each locale with the given fields."""
    by_locale = {t.locale: t for t in owner.translations}
    for locale in LOCALES:
        translation = by_locale.get(locale)
        if translation is None:
            translation = translation_class(locale=locale)
            owner.translations.append(translation)
        for name, value in texts_by_locale[locale].items():
            setattr(translation, name, value)


def _upsert_categories(
    seed: SeedCatalogue, images: Path, report: SeedReport
) -> dict[str, Category]:
    existing = _by_slug(Category)
    for item in seed.categories:  # groups come before their subgroups in the seed
        category = _get_or_add(existing, Category, item.slug, report, "categories")
        category.position = item.position
        category.parent = existing[item.parent_slug] if item.parent_slug else None
        _set_texts(category, CategoryTranslation, {
            locale: {"name": item.names[locale], "description": item.descriptions[locale]}
            for locale in LOCALES
        })
        picture = images / "categories" / f"{item.slug}.webp"
        if picture.exists():
            category.image_path = store_image(picture, "categories", item.slug).path
    return existing


def _upsert_producer(
    existing: dict, item: SeedProducer, districts: dict[str, District], images: Path,
    report: SeedReport,
) -> Producer:
    producer = _get_or_add(existing, Producer, item.slug, report, "producers")
    producer.kind = ProducerKind(item.kind)
    producer.legal_name = item.legal_name
    producer.district = districts[item.district]
    producer.commune, producer.address = item.commune, item.address
    producer.phone, producer.email = item.phone, item.email
    producer.founded_year, producer.members = item.founded_year, item.members
    producer.verified_at = producer.verified_at or utcnow()
    _set_texts(producer, ProducerTranslation, item.texts)
    banner = images / "producers" / f"{item.slug}.webp"
    if banner.exists():
        stored = store_image(banner, "producers", item.slug)
        producer.banner_path, producer.banner_thumb_path = stored.path, stored.thumb_path
    else:
        report.missing_images.append(str(banner))
    return producer


def _revoked_at(day: dt.date | None) -> dt.datetime | None:
    if day is None:
        return None
    return dt.datetime.combine(day, dt.time(), LOCAL_TIMEZONE).astimezone(dt.UTC)


def _upsert_certificates(product: Product, items: list[SeedCertificate]) -> None:
    existing = {(c.decision_number, c.decision_date): c for c in product.certificates}
    for item in items:
        certificate = existing.get((item.decision_number, item.decision_date))
        if certificate is None:
            certificate = Certificate(
                decision_number=item.decision_number, decision_date=item.decision_date
            )
            product.certificates.append(certificate)
        certificate.stars, certificate.score = item.stars, item.score
        certificate.issuing_level = IssuingLevel(item.issuing_level)
        certificate.issuing_body = item.issuing_body
        certificate.valid_until = valid_until_for(item.decision_date)
        certificate.revoked_at = _revoked_at(item.revoked_on)
        certificate.revoked_reason = item.revoked_reason or ""
    services.refresh_certification(product)


def _upsert_images(product: Product, item: SeedProduct, images: Path, report: SeedReport):
    by_position = {image.position: image for image in product.images}
    for view in range(1, PRODUCT_IMAGE_VIEWS + 1):
        source = images / "products" / f"{item.slug}-{view}.webp"
        if not source.exists():
            report.missing_images.append(str(source))
            continue
        stored = store_image(source, "products", f"{item.slug}-{view}")
        image = by_position.get(view) or ProductImage(position=view)
        if view not in by_position:
            product.images.append(image)
        image.path, image.thumb_path = stored.path, stored.thumb_path
        image.width, image.height = stored.width, stored.height
        image.alt_vi = f"Hình minh họa: {item.texts['vi']['name']}"
        image.alt_en = f"Illustration: {item.texts['en']['name']}"


def _upsert_sample_tiers(product: Product) -> None:
    if product.is_service:
        product.min_wholesale_qty, product.price_tiers = None, []
        return
    product.min_wholesale_qty = SAMPLE_MIN_WHOLESALE_QTY
    existing = {tier.min_qty: tier for tier in product.price_tiers}
    for min_qty, fraction in SAMPLE_TIERS:
        tier = existing.get(min_qty) or PriceTier(min_qty=min_qty)
        if min_qty not in existing:
            product.price_tiers.append(tier)
        tier.unit_price_vnd = int(product.price_vnd * fraction) // 1000 * 1000


def _upsert_product(
    existing: dict, item: SeedProduct, producers: dict[str, Producer],
    categories: dict[str, Category], districts: dict[str, District], images: Path,
    report: SeedReport,
) -> Product:
    product = _get_or_add(existing, Product, item.slug, report, "products")
    producer = producers[item.producer]
    product.producer, product.category = producer, categories[item.category]
    product.sku, product.price_vnd, product.stock = item.sku, item.price_vnd, item.stock
    product.weight_g, product.unit, product.featured = item.weight_g, item.unit, item.featured
    product.shelf_life_days = item.shelf_life_days
    product.abv_percent = item.abv_percent
    product.origin_commune = item.origin_commune or producer.commune
    product.origin_district = producer.district
    for locale in LOCALES:
        services.set_product_translation(product, locale, **item.texts[locale])
    _upsert_certificates(product, item.certificates)
    _upsert_images(product, item, images, report)
    _upsert_sample_tiers(product)
    services.publish_product(product)
    return product


def load_catalogue(
    seed: SeedCatalogue, images: Path, advance: Callable[[int], None] = lambda _: None
) -> SeedReport:
    """Upsert every record of ``seed``; ``advance(n)`` reports progress per record."""
    report = SeedReport()
    districts = _upsert_districts(seed, report)
    categories = _upsert_categories(seed, images, report)
    advance(len(seed.districts) + len(seed.categories))
    existing_producers = _by_slug(Producer)
    for item in seed.producers:
        _upsert_producer(existing_producers, item, districts, images, report)
        advance(1)
    db.session.flush()
    existing_products = _by_slug(Product)
    for item in seed.products:
        _upsert_product(
            existing_products, item, existing_producers, categories, districts, images, report
        )
        advance(1)
    db.session.flush()
    return report


def catalogue_is_empty() -> bool:
    return db.session.scalar(sa.select(sa.func.count(Product.id))) == 0
