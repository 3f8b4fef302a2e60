"""Catalogue query parameters: parsed, validated, and turned back into URLs.

A bad value never breaks the page: it is reported to the visitor (localized) and ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict

from storefront.numbers import is_ascii_digits
from storefront.pagination import parse_page

SORTS = {
    "relevance": _l("Best match"),
    "stars": _l("Stars, highest first"),
    "newest": _l("Newest"),
    "price_asc": _l("Price, low to high"),
    "price_desc": _l("Price, high to low"),
    "name": _l("Name, A to Z"),
}
DEFAULT_SORT = "stars"  # when browsing; a search defaults to relevance
SEARCH_SORT = "relevance"
STAR_CHOICES = (5, 4, 3)
MAX_PRICE_VND = 1_000_000_000
MAX_QUERY_LENGTH = 200
_TRUE = {"1", "true", "on", "yes"}
_DIGIT_SEPARATORS = re.compile(r"[\s.,_₫đ]")

# Price bands offered as facets: (lowest, highest) in đồng, None meaning open-ended.
PRICE_BANDS: tuple[tuple[int | None, int | None], ...] = (
    (None, 99_999),
    (100_000, 199_999),
    (200_000, 499_999),
    (500_000, None),
)


@dataclass(frozen=True)
class CatalogueFilters:
    q: str = ""
    category: str | None = None
    stars: int | None = None
    district: str | None = None
    producer: str | None = None
    price_min: int | None = None
    price_max: int | None = None
    in_stock: bool = False
    sort: str = DEFAULT_SORT
    page: int = 1
    errors: tuple[str, ...] = field(default=(), compare=False)

    @property
    def default_sort(self) -> str:
        return SEARCH_SORT if self.q else DEFAULT_SORT

    @property
    def sorts(self) -> dict:
        """The orders offered: "best match" only makes sense for a search."""
        return {key: label for key, label in SORTS.items() if self.q or key != SEARCH_SORT}

    @property
    def is_filtered(self) -> bool:
        return any((self.q, self.category, self.stars, self.district, self.producer,
                    self.price_min is not None, self.price_max is not None, self.in_stock))

    def to_args(self, **changes) -> dict[str, str]:
        """Query-string arguments for these filters with ``changes`` applied.

        Any change other than ``page`` goes back to page 1: new filters, new result set.
        """
        if "page" not in changes:
            changes["page"] = 1
        updated = replace(self, **changes)
        args = {
            "q": updated.q,
            "category": updated.category,
            "stars": updated.stars,
            "district": updated.district,
            "producer": updated.producer,
            "price_min": updated.price_min,
            "price_max": updated.price_max,
            "in_stock": "1" if updated.in_stock else None,
            "sort": updated.sort if updated.sort != updated.default_sort else None,
            "page": updated.page if updated.page > 1 else None,
        }
        return {key: str(value) for key, value in args.items() if value not in (None, "")}


def _amount(raw: str) -> int | None:
    digits = _DIGIT_SEPARATORS.sub("", raw)
    if not is_ascii_digits(digits) or int(digits) > MAX_PRICE_VND:
        return None
    return int(digits)


def _slug(raw: str | None) -> str | None:
    value = (raw or "").strip().lower()
    return value or None


def parse_filters(args: MultiDict) -> CatalogueFilters:
    errors: list[str] = []

    stars = None
    if args.get("stars"):
        raw = args["stars"].strip()
        if is_ascii_digits(raw) and int(raw) in STAR_CHOICES:
            stars = int(raw)
        else:
            errors.append(_l("Stars must be 3, 4 or 5; that filter was ignored."))

    prices: dict[str, int | None] = {}
    for key in ("price_min", "price_max"):
        raw = (args.get(key) or "").strip()
        prices[key] = _amount(raw) if raw else None
        if raw and prices[key] is None:
            errors.append(_l("Prices are whole đồng, like 150000; that price was ignored."))
    if None not in prices.values() and prices["price_min"] > prices["price_max"]:
        errors.append(_l("The lowest price is above the highest; the price range was ignored."))
        prices = {"price_min": None, "price_max": None}

    q = " ".join((args.get("q") or "").split())[:MAX_QUERY_LENGTH]
    default_sort = SEARCH_SORT if q else DEFAULT_SORT
    sort = args.get("sort") or default_sort
    if sort not in SORTS:
        errors.append(_l("Unknown sort order; showing the default order."))
        sort = default_sort
    elif sort == SEARCH_SORT and not q:
        sort = DEFAULT_SORT  # a search's link back to browsing keeps a harmless "best match"

    raw_page = (args.get("page") or "1").strip()
    page = parse_page(raw_page) or 1
    if page == 1 and raw_page not in ("", "1"):
        errors.append(_l("Page numbers start at 1; showing the first page."))

    return CatalogueFilters(
        q=q,
        category=_slug(args.get("category")),
        stars=stars,
        district=_slug(args.get("district")),
        producer=_slug(args.get("producer")),
        price_min=prices["price_min"],
        price_max=prices["price_max"],
        in_stock=(args.get("in_stock") or "").lower() in _TRUE,
        sort=sort,
        page=page,
        errors=tuple(errors),
    )
