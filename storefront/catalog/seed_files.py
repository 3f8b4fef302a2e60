"""Read and validate the sample catalogue in ``catalog_seed/`` (no database here).

The seed is plain TOML written by people, so this module is strict: every problem is
reported with the file and the record it is in, and nothing is loaded while any remain.
Run ``python -m storefront.catalog.seed_files catalog_seed`` to check the files alone.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

LOCALES = ("vi", "en")
PRODUCER_KINDS = ("cooperative", "enterprise", "cooperative_group", "household")
ISSUING_LEVELS = ("district", "province", "national")
UNITS = ("bottle", "jar", "bag", "pack", "box", "set", "piece", "kg", "tour")
IMAGE_MOTIFS = (
    "bottle", "wine_bottle", "oil_bottle", "dropper_bottle", "honey_jar", "jar",
    "tea_box", "tea_leaves", "pouch", "salt", "pepper", "garlic", "mushroom", "chopsticks",
    "dried_fish", "shrimp", "sweet_potato", "chilli", "peanut", "rice", "starch",
    "basket", "mat", "fabric", "wood_carving", "vegetables", "meat", "cake", "soap",
    "herb_bundle", "boat",
)
STORY_WORDS = (80, 200)
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
COLOUR_PATTERN = re.compile(r"^#[0-9a-fA-F]{6}$")
STAR_BANDS = {3: (50, 69), 4: (70, 89), 5: (90, 100)}

PRODUCT_TEXT_FIELDS = (
    "name", "summary", "description", "story", "ingredients", "usage", "storage", "warnings",
    "net_quantity",
)
PRODUCT_REQUIRED_TEXT = ("name", "summary", "description", "story", "ingredients", "storage")
PRODUCER_TEXT_FIELDS = ("name", "tagline", "story")


def nfc(text: str) -> str:
    """Vietnamese text typed on different keyboards arrives as NFC or NFD; store NFC."""
    return unicodedata.normalize("NFC", text).strip()


def word_count(text: str) -> int:
    return len(text.split())


@dataclass
class SeedDistrict:
    slug: str
    kind: str
    name: str
    position: int


@dataclass
class SeedCategory:
    slug: str
    position: int
    names: dict[str, str]
    descriptions: dict[str, str]
    parent_slug: str | None = None


@dataclass
class SeedCertificate:
    stars: int
    score: int
    decision_number: str
    decision_date: dt.date
    issuing_level: str
    issuing_body: str
    revoked_on: dt.date | None = None
    revoked_reason: str | None = None


@dataclass
class SeedProducer:
    slug: str
    kind: str
    legal_name: str
    district: str
    commune: str
    address: str
    phone: str
    email: str
    founded_year: int | None
    members: int | None
    texts: dict[str, dict[str, str]]
    source: str


@dataclass
class SeedProduct:
    slug: str
    sku: str
    producer: str
    category: str
    price_vnd: int
    stock: int
    weight_g: int
    unit: str
    shelf_life_days: int | None
    abv_percent: float | None
    origin_commune: str | None
    image_motif: str
    image_colour: str
    featured: bool
    texts: dict[str, dict[str, str]]
    certificates: list[SeedCertificate]
    source: str


@dataclass
class SeedCatalogue:
    districts: list[SeedDistrict] = field(default_factory=list)
    categories: list[SeedCategory] = field(default_factory=list)
    producers: list[SeedProducer] = field(default_factory=list)
    products: list[SeedProduct] = field(default_factory=list)


class SeedError(ValueError):
    """The seed files have problems; ``problems`` lists each one."""

    def __init__(self, problems: list[str]):
        super().__init__(f"{len(problems)} problem(s) in the sample catalogue")
        self.problems = problems


class _Reader:
    """Collects problems while turning TOML tables into dataclasses."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def fail(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    def text(self, table: dict, key: str, where: str, required: bool = True) -> str:
        value = table.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.fail(where, f"missing '{key}'")
            return ""
        if not isinstance(value, str):
            self.fail(where, f"'{key}' must be text")
            return ""
        return nfc(value)

    def integer(self, table: dict, key: str, where: str, minimum: int = 0,
                required: bool = True) -> int | None:
        value = table.get(key)
        if value is None:
            if required:
                self.fail(where, f"missing '{key}'")
            return None
        if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
            self.fail(where, f"'{key}' must be a whole number ≥ {minimum}")
            return None
        return value

    def slug(self, table: dict, where: str) -> str:
        slug = self.text(table, "slug", where)
        if slug and not SLUG_PATTERN.match(slug):
            self.fail(where, f"slug '{slug}' must be lowercase ASCII words joined by '-'")
        return slug

    def choice(self, table: dict, key: str, choices: tuple[str, ...], where: str) -> str:
        value = self.text(table, key, where)
        if value and value not in choices:
            self.fail(where, f"'{key}' = '{value}' is not one of {', '.join(choices)}")
        return value

    def translations(self, table: dict, fields: tuple[str, ...], required: tuple[str, ...],
                     where: str) -> dict[str, dict[str, str]]:
        texts: dict[str, dict[str, str]] = {}
        for locale in LOCALES:
            block = table.get(locale)
            if not isinstance(block, dict):
                self.fail(where, f"missing the [{locale}] texts")
                continue
            texts[locale] = {
                name: self.text(block, name, f"{where} [{locale}]", name in required)
                for name in fields
            }
            story = texts[locale].get("story", "")
            low, high = STORY_WORDS
            if story and not low <= word_count(story) <= high:
                self.fail(f"{where} [{locale}]",
                          f"story has {word_count(story)} words, expected {low}–{high}")
        return texts


def _read_toml(path: Path, reader: _Reader) -> dict:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as error:
        reader.fail(str(path), f"cannot be read: {error}")
        return {}


def _read_districts(root: Path, reader: _Reader) -> list[SeedDistrict]:
    districts = []
    for table in _read_toml(root / "districts.toml", reader).get("districts", []):
        where = f"districts.toml district {table.get('slug', '?')}"
        districts.append(SeedDistrict(
            slug=reader.slug(table, where),
            kind=reader.choice(table, "kind", ("city", "town", "district"), where),
            name=reader.text(table, "name", where),
            position=reader.integer(table, "position", where) or 0,
        ))
    return districts


def _read_categories(root: Path, reader: _Reader) -> list[SeedCategory]:
    categories = []
    for group in _read_toml(root / "categories.toml", reader).get("groups", []):
        where = f"categories.toml group {group.get('slug', '?')}"
        slug = reader.slug(group, where)
        categories.append(SeedCategory(
            slug=slug,
            position=reader.integer(group, "position", where) or 0,
            names={loc: reader.text(group.get(loc, {}), "name", where) for loc in LOCALES},
            descriptions={loc: reader.text(group.get(loc, {}), "description", where)
                          for loc in LOCALES},
        ))
        for position, sub in enumerate(group.get("subgroups", []), start=1):
            sub_where = f"{where} subgroup {sub.get('slug', '?')}"
            categories.append(SeedCategory(
                slug=reader.slug(sub, sub_where),
                position=position,
                names={loc: reader.text(sub, loc, sub_where) for loc in LOCALES},
                descriptions={loc: "" for loc in LOCALES},
                parent_slug=slug,
            ))
    return categories


def _read_certificate(table: dict, where: str, reader: _Reader) -> SeedCertificate | None:
    stars = reader.integer(table, "stars", where, minimum=1)
    score = reader.integer(table, "score", where)
    decision_date = table.get("decision_date")
    if not isinstance(decision_date, dt.date):
        reader.fail(where, "'decision_date' must be a TOML date like 2024-08-15")
        return None
    if stars not in STAR_BANDS:
        reader.fail(where, "the catalogue lists 3★, 4★ and 5★ products only")
        return None
    low, high = STAR_BANDS[stars]
    if score is None or not low <= score <= high:
        reader.fail(where, f"a {stars}★ certificate needs a score in {low}–{high}, got {score}")
        return None
    revoked_on = table.get("revoked_on")
    if revoked_on is not None and not isinstance(revoked_on, dt.date):
        reader.fail(where, "'revoked_on' must be a TOML date")
        revoked_on = None
    return SeedCertificate(
        stars=stars,
        score=score,
        decision_number=reader.text(table, "decision_number", where),
        decision_date=decision_date,
        issuing_level=reader.choice(table, "issuing_level", ISSUING_LEVELS, where),
        issuing_body=reader.text(table, "issuing_body", where),
        revoked_on=revoked_on,
        revoked_reason=reader.text(table, "revoked_reason", where, required=revoked_on is not None)
        or None,
    )


def _read_producer(table: dict, source: str, reader: _Reader) -> SeedProducer:
    where = f"{source} producer {table.get('slug', '?')}"
    return SeedProducer(
        slug=reader.slug(table, where),
        kind=reader.choice(table, "kind", PRODUCER_KINDS, where),
        legal_name=reader.text(table, "legal_name", where),
        district=reader.text(table, "district", where),
        commune=reader.text(table, "commune", where),
        address=reader.text(table, "address", where),
        phone=reader.text(table, "phone", where),
        email=reader.text(table, "email", where),
        founded_year=reader.integer(table, "founded_year", where, 1900, required=False),
        members=reader.integer(table, "members", where, 1, required=False),
        texts=reader.translations(table, PRODUCER_TEXT_FIELDS, PRODUCER_TEXT_FIELDS, where),
        source=source,
    )


def _read_product(table: dict, source: str, reader: _Reader) -> SeedProduct:
    where = f"{source} product {table.get('slug', '?')}"
    abv = table.get("abv_percent")
    if abv is not None and not (isinstance(abv, (int, float)) and 0 < abv < 100):
        reader.fail(where, "'abv_percent' must be a number between 0 and 100")
        abv = None
    colour = reader.text(table, "image_colour", where)
    if colour and not COLOUR_PATTERN.match(colour):
        reader.fail(where, "'image_colour' must look like #a1b2c3")
    texts = reader.translations(table, PRODUCT_TEXT_FIELDS, PRODUCT_REQUIRED_TEXT, where)
    net_quantity = reader.text(table, "net_quantity", where)
    for locale_texts in texts.values():
        # "500 ml" reads the same in both languages; "10 đôi" needs an English override.
        locale_texts["net_quantity"] = locale_texts.get("net_quantity") or net_quantity
    certificates = [
        _read_certificate(cert, f"{where} certificate {index}", reader)
        for index, cert in enumerate(table.get("certificates", []), start=1)
    ]
    if not certificates:
        reader.fail(where, "needs at least one [[products.certificates]]")
    return SeedProduct(
        slug=reader.slug(table, where),
        sku=reader.text(table, "sku", where),
        producer=reader.text(table, "producer", where),
        category=reader.text(table, "category", where),
        price_vnd=reader.integer(table, "price_vnd", where, minimum=1000) or 0,
        stock=reader.integer(table, "stock", where) or 0,
        weight_g=reader.integer(table, "weight_g", where, minimum=1) or 0,
        unit=reader.choice(table, "unit", UNITS, where),
        shelf_life_days=reader.integer(table, "shelf_life_days", where, 1, required=False),
        abv_percent=float(abv) if abv is not None else None,
        origin_commune=reader.text(table, "origin_commune", where, required=False) or None,
        image_motif=reader.choice(table, "image_motif", IMAGE_MOTIFS, where),
        image_colour=colour,
        featured=bool(table.get("featured", False)),
        texts=texts,
        certificates=[cert for cert in certificates if cert is not None],
        source=source,
    )


def _check_references(catalogue: SeedCatalogue, reader: _Reader) -> None:
    district_slugs = {d.slug for d in catalogue.districts}
    subgroup_slugs = {c.slug for c in catalogue.categories if c.parent_slug}
    producer_slugs = {p.slug for p in catalogue.producers}
    for kind, items in (("producer", catalogue.producers), ("product", catalogue.products)):
        seen: set[str] = set()
        for item in items:
            if item.slug in seen:
                reader.fail(f"{item.source} {kind} {item.slug}", "slug used twice")
            seen.add(item.slug)
    skus = [p.sku for p in catalogue.products]
    for sku in {s for s in skus if skus.count(s) > 1}:
        reader.fail("products", f"SKU {sku} used twice")
    for producer in catalogue.producers:
        if producer.district not in district_slugs:
            reader.fail(f"{producer.source} producer {producer.slug}",
                        f"unknown district '{producer.district}'")
    for product in catalogue.products:
        where = f"{product.source} product {product.slug}"
        if product.producer not in producer_slugs:
            reader.fail(where, f"unknown producer '{product.producer}'")
        if product.category not in subgroup_slugs:
            reader.fail(where, f"'{product.category}' is not a subgroup in categories.toml")


def read_seed(root: Path) -> SeedCatalogue:
    """Read every seed file under ``root``.

    Raises SeedError listing every problem found, if there is any.
    """
    reader = _Reader()
    catalogue = SeedCatalogue(
        districts=_read_districts(root, reader),
        categories=_read_categories(root, reader),
    )
    for path in sorted((root / "data").glob("*.toml")):
        data = _read_toml(path, reader)
        source = path.name
        catalogue.producers += [
            _read_producer(t, source, reader) for t in data.get("producers", [])
        ]
        catalogue.products += [_read_product(t, source, reader) for t in data.get("products", [])]
    _check_references(catalogue, reader)
    if reader.problems:
        raise SeedError(reader.problems)
    return catalogue


def main(argv: list[str]) -> int:
    root = Path(argv[1] if len(argv) > 1 else "catalog_seed")
    try:
        catalogue = read_seed(root)
    except SeedError as error:
        print("\n".join(error.problems))
        print(error)
        return 1
    stars: dict[int, int] = {}
    for product in catalogue.products:
        latest = max(product.certificates, key=lambda c: c.decision_date)
        stars[latest.stars] = stars.get(latest.stars, 0) + 1
    print(f"OK: {len(catalogue.producers)} producers, {len(catalogue.products)} products, "
          f"latest certificates by stars {dict(sorted(stars.items()))}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
