"""Facet counts over the products a search matched, computed from index columns.

Each matching product fails some of the active filters. One that fails none is in the
results and counts for every facet; one that fails exactly one filter still counts for
that filter's facet (a facet is counted without its own filter); the rest count nowhere.
One pass over the matches gives every count.
"""

from __future__ import annotations

from collections import Counter

from storefront.catalog.filters import PRICE_BANDS
from storefront.catalog.listing import FacetCounts, ResolvedFilters
from storefront.search.index import FacetRow


def price_band(price: int) -> int:
    for band, (low, high) in enumerate(PRICE_BANDS):
        if (low is None or price >= low) and (high is None or price <= high):
            return band
    return len(PRICE_BANDS) - 1


def shown_stars(row: FacetRow, today: int) -> int:
    """Stars count only while the certificate is valid (``today`` as yyyymmdd)."""
    return row.stars if row.stars and row.stars_until >= today else 0


def _failed_filters(row: FacetRow, resolved: ResolvedFilters, today: int) -> list[str]:
    f, failed = resolved.filters, []
    if resolved.category_ids is not None and row.category_id not in resolved.category_ids:
        failed.append("category")
    if f.stars and shown_stars(row, today) != f.stars:
        failed.append("stars")
    if resolved.district_id is not None and row.district_id != resolved.district_id:
        failed.append("district")
    if resolved.producer_id is not None and row.producer_id != resolved.producer_id:
        failed.append("producer")
    if ((f.price_min is not None and row.price < f.price_min)
            or (f.price_max is not None and row.price > f.price_max)):
        failed.append("price")
    if f.in_stock and row.stock <= 0:
        failed.append("in_stock")
    return failed


def count_facets(rows: list[FacetRow], resolved: ResolvedFilters,
                 today: int) -> tuple[FacetCounts, list[FacetRow]]:
    """The facet counts, and the rows that pass every filter (the results)."""
    counters = {name: Counter() for name in ("category", "stars", "district", "producer",
                                             "price")}
    in_stock, results = 0, []
    for row in rows:
        failed = _failed_filters(row, resolved, today)
        if len(failed) > 1:
            continue
        counts_for = set(failed) if failed else {"category", "stars", "district", "producer",
                                                 "price", "in_stock"}
        if not failed:
            results.append(row)
        if "category" in counts_for:
            counters["category"][row.category_id] += 1
        if "stars" in counts_for and shown_stars(row, today):
            counters["stars"][shown_stars(row, today)] += 1
        if "district" in counts_for:
            counters["district"][row.district_id] += 1
        if "producer" in counts_for:
            counters["producer"][row.producer_id] += 1
        if "price" in counts_for:
            counters["price"][price_band(row.price)] += 1
        if "in_stock" in counts_for and row.stock > 0:
            in_stock += 1
    counts = FacetCounts(
        categories=dict(counters["category"]),
        stars=dict(counters["stars"]),
        districts=dict(counters["district"]),
        producers=dict(counters["producer"]),
        price_bands=[counters["price"][band] for band in range(len(PRICE_BANDS))],
        in_stock=in_stock,
    )
    return counts, results
