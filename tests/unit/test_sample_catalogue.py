"""The sample catalogue meets what the foundation issue asks of it."""

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

from storefront.catalog.certificates import valid_until_for
from storefront.catalog.seed_files import STORY_WORDS, read_seed, word_count
from storefront.text import slugify

SEED_ROOT = Path(__file__).resolve().parents[2] / "catalog_seed"
# The seed's dates were written against this day; validity is checked as of then.
SEED_WRITTEN_ON = dt.date(2026, 11, 30)


@pytest.fixture(scope="module")
def seed():
    return read_seed(SEED_ROOT)


def _latest(product):
    return max(product.certificates, key=lambda c: c.decision_date)


def _is_valid(certificate):
    return (certificate.revoked_on is None
            and certificate.decision_date <= SEED_WRITTEN_ON <= valid_until_for(
                certificate.decision_date))


def test_size(seed):
    assert len(seed.products) >= 60
    assert len(seed.producers) >= 30


def test_every_former_district_has_producers(seed):
    assert {p.district for p in seed.producers} == {d.slug for d in seed.districts}
    assert len(seed.districts) == 8


def test_at_least_five_of_the_six_ocop_groups(seed):
    parent = {c.slug: c.parent_slug for c in seed.categories}
    groups = {parent[p.category] for p in seed.products}
    assert len(groups) >= 5


def test_realistic_star_mix(seed):
    stars = Counter(_latest(p).stars for p in seed.products)
    assert stars[3] > stars[4] > stars[5] >= 1
    assert stars[5] <= 2


def test_some_certificates_expired_or_revoked(seed):
    lapsed = [p for p in seed.products if not _is_valid(_latest(p))]
    revoked = [p for p in seed.products if _latest(p).revoked_on]
    assert len(lapsed) >= 3 and revoked


def test_some_products_were_recertified(seed):
    assert any(len(p.certificates) > 1 for p in seed.products)


def test_stories_in_both_languages_are_80_to_200_words(seed):
    low, high = STORY_WORDS
    for item in [*seed.products, *seed.producers]:
        for locale in ("vi", "en"):
            assert low <= word_count(item.texts[locale]["story"]) <= high, item.slug


def test_product_slugs_are_folded_vietnamese_names(seed):
    for product in seed.products:
        assert product.slug.startswith(slugify(product.texts["vi"]["name"])[:12]), product.slug


def test_required_product_types_are_present(seed):
    names = " ".join(slugify(p.texts["vi"]["name"]) for p in seed.products)
    for kind in ("nuoc-mam", "mat-ong", "khoai-deo", "ruou-sim", "tinh-bot-nghe", "dua-go",
                 "tra", "dau-lac", "toi-den", "tieu", "kho", "muoi", "tinh-dau"):
        assert kind in names, kind


def test_every_product_has_two_images_and_every_producer_a_banner(seed):
    images = SEED_ROOT / "images"
    for product in seed.products:
        for view in (1, 2):
            assert (images / "products" / f"{product.slug}-{view}.webp").exists(), product.slug
    for producer in seed.producers:
        assert (images / "producers" / f"{producer.slug}.webp").exists(), producer.slug


def test_sample_data_is_declared_illustrative():
    readme = (SEED_ROOT / "README.md").read_text()
    assert "illustrative" in readme.lower()
