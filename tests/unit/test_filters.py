from werkzeug.datastructures import MultiDict

from storefront.catalog.filters import DEFAULT_SORT, CatalogueFilters, parse_filters


def parse(**args):
    return parse_filters(MultiDict(args))


def test_empty_query_is_plain_browsing():
    filters = parse()
    assert filters == CatalogueFilters()
    assert not filters.is_filtered
    assert filters.errors == ()


def test_valid_filters_are_kept():
    filters = parse(category="Food", stars="4", district="bo-trach", producer="htx-a",
                    price_min="100.000", price_max="200000", in_stock="1", sort="price_asc",
                    page="2")
    assert filters.category == "food"
    assert filters.stars == 4
    assert (filters.price_min, filters.price_max) == (100_000, 200_000)
    assert filters.in_stock and filters.sort == "price_asc" and filters.page == 2
    assert filters.errors == ()


def test_bad_values_are_reported_and_ignored():
    filters = parse(stars="7", price_min="cheap", sort="random", page="-3")
    assert filters.stars is None and filters.price_min is None
    assert filters.sort == DEFAULT_SORT and filters.page == 1
    assert len(filters.errors) == 4


def test_inverted_price_range_is_dropped():
    filters = parse(price_min="500000", price_max="100000")
    assert filters.price_min is None and filters.price_max is None
    assert len(filters.errors) == 1


def test_to_args_drops_defaults_and_resets_the_page():
    filters = parse(stars="4", page="3")
    assert filters.to_args() == {"stars": "4"}
    assert filters.to_args(page=4) == {"stars": "4", "page": "4"}
    assert filters.to_args(stars=None, category="food") == {"category": "food"}


def test_query_text_is_trimmed_and_bounded():
    assert parse(q="  nuoc   mam  ").q == "nuoc mam"
    assert len(parse(q="x" * 500).q) == 200
