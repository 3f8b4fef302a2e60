"""Facet counts over the products a search matched, computed from index columns.

Each matching product fails some of the active filters. One that fails none is in the
results and counts for every facet; one that fails exactly one filter still counts for
that filter's facet (a facet is counted without its own filter); the rest count nowhere.
The work is done on whole columns (list comprehensions, ``compress``, ``Counter``) so that
thousands of matches cost milliseconds.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from itertools import compress

from storefront.catalog.filters import PRICE_BANDS
from storefront.catalog.listing import FacetCounts, ResolvedFilters
from storefront.search.engine import Matched

# Upper bounds of every band but the last, for bisect: price ≤ bound → that band.
_BAND_BOUNDS = [high for _low, high in PRICE_BANDS[:-1]]


def price_band(price: int) -> int:
    return bisect_left(_BAND_BOUNDS, price)


def shown_stars(stars: list[int], stars_until: list[int], today: int) -> list[int]:
    """Stars count only while the certificate is valid (``today`` as yyyymmdd)."""
    return [s if s and until >= today else 0 for s, until in zip(stars, stars_until,
                                                                  strict=True)]


def _passes(matched: Matched, resolved: ResolvedFilters, stars: list[int]) -> dict[str, list]:
    """For each active filter, whether each matched product passes it."""
    f, passes = resolved.filters, {}
    if resolved.category_ids is not None:
        wanted = frozenset(resolved.category_ids)
        passes["category"] = [c in wanted for c in matched.category_id]
    if f.stars:
        passes["stars"] = [s == f.stars for s in stars]
    if resolved.district_id is not None:
        passes["district"] = [d == resolved.district_id for d in matched.district_id]
    if resolved.producer_id is not None:
        passes["producer"] = [p == resolved.producer_id for p in matched.producer_id]
    if f.price_min is not None or f.price_max is not None:
        low, high = f.price_min or 0, f.price_max if f.price_max is not None else float("inf")
        passes["price"] = [low <= p <= high for p in matched.price]
    if f.in_stock:
        passes["in_stock"] = [s > 0 for s in matched.stock]
    return passes


def _all_but(passes: dict[str, list], skip: str, size: int) -> list[bool]:
    """Positions passing every active filter except ``skip``."""
    others = [mask for name, mask in passes.items() if name != skip]
    if not others:
        return [True] * size
    if len(others) == 1:
        return others[0]
    return [all(flags) for flags in zip(*others, strict=True)]


def count_facets(matched: Matched, resolved: ResolvedFilters,
                 today: int) -> tuple[FacetCounts, list[int]]:
    """The facet counts, and the positions (in ``matched``) of the results."""
    stars = shown_stars(matched.stars, matched.stars_until, today)
    passes = _passes(matched, resolved, stars)
    size = len(matched)
    bands = [price_band(p) for p in matched.price]

    def counted(column: list, facet: str) -> Counter:
        return Counter(compress(column, _all_but(passes, facet, size)))

    in_stock = counted([s > 0 for s in matched.stock], "in_stock")
    star_counts = counted(stars, "stars")
    star_counts.pop(0, None)  # no valid certificate: not a star facet value
    results = [i for i, ok in enumerate(_all_but(passes, "", size)) if ok]
    return FacetCounts(
        categories=dict(counted(matched.category_id, "category")),
        stars=dict(star_counts),
        districts=dict(counted(matched.district_id, "district")),
        producers=dict(counted(matched.producer_id, "producer")),
        price_bands=[counted(bands, "price")[band] for band in range(len(PRICE_BANDS))],
        in_stock=in_stock[True],
    ), results
