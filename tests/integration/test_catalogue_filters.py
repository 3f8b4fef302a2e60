"""Filters, facet counts, sorting and pagination of /<lang>/products."""

import re

import sqlalchemy as sa

from storefront.catalog.filters import CatalogueFilters
from storefront.catalog.listing import catalogue_page
from storefront.catalog.models import Product, ProductStatus
from storefront.clock import today
from storefront.extensions import db
from tests import factories


def page(**filters):
    return catalogue_page(CatalogueFilters(**filters), "en", today(), page_size=100)


def published_count(*conditions) -> int:
    return db.session.scalar(
        sa.select(sa.func.count(Product.id))
        .where(Product.status == ProductStatus.PUBLISHED, *conditions)
    )


def test_without_filters_every_published_product_is_listed():
    result = page()
    assert result.total == published_count() == len(result.products)


def test_group_filter_includes_its_subgroups():
    result = page(category="food")
    assert result.total > 0
    assert {p.category.group.slug for p in result.products} == {"food"}


def test_subgroup_filter():
    result = page(category="alcoholic-drinks")
    assert result.total >= 2
    assert {p.category.slug for p in result.products} == {"alcoholic-drinks"}


def test_stars_filter_counts_only_valid_certificates():
    result = page(stars=4)
    day = today()
    assert result.products and all(p.current_stars(day) == 4 for p in result.products)


def test_filters_combine_with_and():
    result = page(category="food", stars=3, district="bo-trach", in_stock=True)
    for product in result.products:
        assert product.category.group.slug == "food"
        assert product.current_stars(today()) == 3
        assert product.origin_district.slug == "bo-trach" and product.stock > 0


def test_price_range_is_inclusive():
    result = page(price_min=100_000, price_max=200_000)
    assert result.products
    assert all(100_000 <= p.price_vnd <= 200_000 for p in result.products)


def test_in_stock_hides_sold_out_products():
    assert page().total - page(in_stock=True).total == published_count(Product.stock == 0) > 0


def test_facet_counts_match_what_the_filter_would_return():
    facets = page(category="food").facets
    for value in facets.stars:
        assert value.count == page(category="food", stars=int(value.value)).total
    for value in facets.districts:
        assert value.count == page(category="food", district=value.value).total
    for group, _subgroups in facets.groups:
        # A facet counts without its own filter, so other groups still show their totals.
        assert group.count == page(category=group.value).total


def test_producer_facet_counts():
    facets = page().facets
    assert facets.producers
    top = facets.producers[0]
    assert top.count == page(producer=top.value).total


def test_price_bands_partition_the_catalogue():
    bands = page().facets.price_bands
    assert sum(count for _low, _high, count, _selected in bands) == page().total


def test_sorting_by_price_and_name():
    ascending = [p.price_vnd for p in page(sort="price_asc").products]
    assert ascending == sorted(ascending)
    descending = [p.price_vnd for p in page(sort="price_desc").products]
    assert descending == sorted(descending, reverse=True)
    names = [p.text("en").sort_name for p in page(sort="name").products]
    assert names == sorted(names)


def test_sorting_by_stars_puts_five_stars_first_and_lapsed_last():
    products = page(sort="stars").products
    shown = [p.current_stars(today()) or 0 for p in products]
    assert shown == sorted(shown, reverse=True) and shown[0] == 5


def test_newest_first():
    product = factories.make_product("Sản phẩm mới nhất", "Newest product")
    assert page(sort="newest").products[0].id == product.id


def test_name_sort_folds_vietnamese_letters():
    factories.make_product("Đũa tre", "Bamboo chopsticks")
    names = [p.text("vi").sort_name for p in catalogue_page(
        CatalogueFilters(sort="name"), "vi", today(), page_size=200).products]
    assert names == sorted(names)
    assert any(name.startswith("dua tre") for name in names)


def test_pagination_pages_through_everything(client):
    seen = set()
    for number in (1, 2, 3):
        html = client.get(f"/en/products?page={number}").get_data(as_text=True)
        seen |= set(re.findall(r'href="/en/products/([a-z0-9-]+)"', html))
    assert len(seen) == published_count()


def test_page_past_the_end_is_not_found(client):
    assert client.get("/en/products?page=500").status_code == 404


def test_filtered_page_shows_active_filter_chips_and_counts(client):
    html = client.get("/en/products?stars=4&category=food").get_data(as_text=True)
    assert "Clear all" in html
    assert 'aria-current="true"' in html
    count = page(stars=4, category="food").total
    assert f"{count} products" in html or f"{count} product<" in html


def test_empty_result_shows_a_friendly_empty_state(client):
    response = client.get("/en/products?stars=5&district=le-thuy")
    assert response.status_code == 200
    assert "No products match these filters" in response.get_data(as_text=True)


def test_bad_filter_values_give_a_localized_message_and_are_ignored(client):
    response = client.get("/vi/products?stars=9&price_min=re&category=nope")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Số sao phải là 3, 4 hoặc 5" in html
    assert "Không có danh mục này" in html
    assert html.count('class="card product-card"') == 24
