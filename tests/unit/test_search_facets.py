"""Facet counting in one pass equals counting each facet separately by brute force."""

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from storefront.catalog.filters import CatalogueFilters
from storefront.catalog.listing import ResolvedFilters
from storefront.search.facets import count_facets, price_band, shown_stars
from storefront.search.index import FacetRow

TODAY = 20261130


def rows(seed: int, count: int = 300) -> list[FacetRow]:
    rng = random.Random(seed)
    return [
        FacetRow(docnum=n, category_id=rng.randint(1, 6), stars=rng.choice([0, 3, 4, 5]),
                 stars_until=rng.choice([20251231, 20270101]), district_id=rng.randint(1, 4),
                 producer_id=rng.randint(1, 5), price=rng.randint(10, 700) * 1000,
                 stock=rng.choice([0, 5]), published=n)
        for n in range(count)
    ]


def passes(row, resolved, skip=""):
    f = resolved.filters
    checks = {
        "category": resolved.category_ids is None or row.category_id in resolved.category_ids,
        "stars": not f.stars or shown_stars(row, TODAY) == f.stars,
        "district": resolved.district_id is None or row.district_id == resolved.district_id,
        "producer": resolved.producer_id is None or row.producer_id == resolved.producer_id,
        "price": (f.price_min is None or row.price >= f.price_min)
        and (f.price_max is None or row.price <= f.price_max),
        "in_stock": not f.in_stock or row.stock > 0,
    }
    return all(ok for name, ok in checks.items() if name != skip)


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    categories=st.one_of(st.none(), st.sets(st.integers(1, 6), min_size=1, max_size=3)),
    stars=st.sampled_from([None, 3, 4, 5]),
    district=st.one_of(st.none(), st.integers(1, 4)),
    producer=st.one_of(st.none(), st.integers(1, 5)),
    price_max=st.one_of(st.none(), st.integers(50, 600).map(lambda k: k * 1000)),
    in_stock=st.booleans(),
)
def test_one_pass_equals_brute_force(seed, categories, stars, district, producer, price_max,
                                     in_stock):
    data = rows(seed)
    resolved = ResolvedFilters(
        CatalogueFilters(stars=stars, price_max=price_max, in_stock=in_stock),
        tuple(categories) if categories else None, district, producer,
    )
    counts, results = count_facets(data, resolved, TODAY)
    assert results == [r for r in data if passes(r, resolved)]
    for category in range(1, 7):
        expected = sum(1 for r in data if r.category_id == category and passes(r, resolved,
                                                                               "category"))
        assert counts.categories.get(category, 0) == expected
    for level in (3, 4, 5):
        expected = sum(1 for r in data if shown_stars(r, TODAY) == level
                       and passes(r, resolved, "stars"))
        assert counts.stars.get(level, 0) == expected
    for place in range(1, 5):
        expected = sum(1 for r in data if r.district_id == place and passes(r, resolved,
                                                                            "district"))
        assert counts.districts.get(place, 0) == expected
    for band in range(4):
        expected = sum(1 for r in data if price_band(r.price) == band and passes(r, resolved,
                                                                                 "price"))
        assert counts.price_bands[band] == expected
    assert counts.in_stock == sum(1 for r in data if r.stock > 0 and passes(r, resolved,
                                                                           "in_stock"))


def test_expired_stars_count_as_no_stars():
    row = FacetRow(1, 1, 4, 20260101, 1, 1, 1000, 1, 1)
    assert shown_stars(row, 20260101) == 4
    assert shown_stars(row, 20260102) == 0
