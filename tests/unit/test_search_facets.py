"""Facet counting in one pass equals counting each facet separately by brute force."""

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from storefront.catalog.filters import CatalogueFilters
from storefront.catalog.listing import ResolvedFilters
from storefront.search.engine import Matched
from storefront.search.facets import count_facets, price_band, shown_stars

TODAY = 20261130


class Row:
    """One product, for the brute-force side of the comparison."""

    def __init__(self, matched: Matched, i: int):
        for name in vars(matched):
            setattr(self, name.rstrip("s") if name == "docnums" else name,
                    getattr(matched, name)[i])
        self.shown = shown_stars([self.stars], [self.stars_until], TODAY)[0]


def matched(seed: int, count: int = 300) -> Matched:
    rng = random.Random(seed)
    return Matched(
        docnums=list(range(count)),
        category_id=[rng.randint(1, 6) for _ in range(count)],
        stars=[rng.choice([0, 3, 4, 5]) for _ in range(count)],
        stars_until=[rng.choice([20251231, 20270101]) for _ in range(count)],
        district_id=[rng.randint(1, 4) for _ in range(count)],
        producer_id=[rng.randint(1, 5) for _ in range(count)],
        price=[rng.randint(10, 700) * 1000 for _ in range(count)],
        stock=[rng.choice([0, 5]) for _ in range(count)],
        published=list(range(count)),
    )


def passes(row, resolved, skip=""):
    f = resolved.filters
    checks = {
        "category": resolved.category_ids is None or row.category_id in resolved.category_ids,
        "stars": not f.stars or row.shown == f.stars,
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
    columns = matched(seed)
    data = [Row(columns, i) for i in range(len(columns))]
    resolved = ResolvedFilters(
        CatalogueFilters(stars=stars, price_max=price_max, in_stock=in_stock),
        tuple(categories) if categories else None, district, producer,
    )
    counts, results = count_facets(columns, resolved, TODAY)
    assert results == [i for i, r in enumerate(data) if passes(r, resolved)]
    for category in range(1, 7):
        expected = sum(1 for r in data if r.category_id == category and passes(r, resolved,
                                                                               "category"))
        assert counts.categories.get(category, 0) == expected
    for level in (3, 4, 5):
        expected = sum(1 for r in data if r.shown == level and passes(r, resolved, "stars"))
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
    assert shown_stars([4, 4], [20260101, 20260101], 20260101) == [4, 4]
    assert shown_stars([4, 0], [20260101, 20270101], 20260102) == [0, 0]


def test_price_bands_include_their_bounds():
    assert [price_band(p) for p in (0, 99_999, 100_000, 199_999, 200_000, 499_999, 500_000,
                                    9_000_000)] == [0, 0, 1, 1, 2, 2, 3, 3]
