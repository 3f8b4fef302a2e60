"""Digits that are not ASCII, in every number a visitor can type.

``"²".isdigit()`` is True but ``int("²")`` raises, and ``int("١٢")`` reads Arabic-Indic
digits as 12: a field checked with ``isdigit`` alone answered 500 for the first and took a
number nobody typed for the second. Each field must refuse both with its usual message.
"""

import pytest

from storefront.catalog import certificate_import
from storefront.quotes.forms import offer_prices
from tests import factories
from tests.web import submit

FISH_SAUCE = "nuoc-mam-chay-moc-huong-500ml"
NOT_ASCII = ["²", "١٢", "３"]


@pytest.mark.parametrize("digits", NOT_ASCII)
@pytest.mark.parametrize("field", ["stars", "price_min", "price_max"])
def test_catalogue_filters_explain_and_ignore_them(client, field, digits):
    response = client.get(f"/en/products?{field}={digits}")
    # The same answer as for "abc": 400, the catalogue still shown, the filter explained.
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "ignored" in page and "catalogue__count" in page


@pytest.mark.parametrize("digits", NOT_ASCII)
@pytest.mark.parametrize("path", ["/api/v1/products?limit={}", "/api/v1/products?cursor={}",
                                  "/api/v1/producers?cursor={}",
                                  "/api/v1/search?q=mam&cursor={}",
                                  "/api/v1/products?price_min={}&price_max={}"])
def test_the_api_answers_a_json_error(client, path, digits):
    response = client.get(path.format(digits, digits))
    assert response.status_code == 400
    assert response.is_json and response.json["status"] == 400 and response.json["detail"]


@pytest.mark.parametrize("digits", NOT_ASCII)
def test_cart_quantities_are_refused(client, digits):
    product = factories.product_by_slug(FISH_SAUCE)
    added = submit(client, "/en/cart/add", {"product_id": product.id, "quantity": digits},
                   form_page=f"/en/products/{FISH_SAUCE}")
    assert added.status_code == 400
    assert client.get_cookie("cart") is None


@pytest.mark.parametrize("digits", NOT_ASCII)
def test_changing_a_cart_line_to_them_changes_nothing(client, digits):
    product = factories.product_by_slug(FISH_SAUCE)
    submit(client, "/en/cart/add", {"product_id": product.id, "quantity": 2},
           form_page=f"/en/products/{FISH_SAUCE}")
    page = client.get("/en/cart").get_data(as_text=True)
    line_id = page.split("/en/cart/lines/", 1)[1].split('"', 1)[0].split("/", 1)[0]
    changed = submit(client, f"/en/cart/lines/{line_id}", {"quantity": digits},
                     form_page="/en/cart", follow_redirects=True)
    assert changed.status_code == 200
    assert "whole number" in changed.get_data(as_text=True)
    from storefront.cart.models import CartLine
    from storefront.extensions import db
    assert db.session.get(CartLine, int(line_id)).quantity == 2


@pytest.mark.parametrize("digits", NOT_ASCII)
def test_quote_prices_and_quantities_are_refused(digits):
    assert offer_prices({"qty-1": digits, "price-1": "80000"}, [1]) is None
    assert offer_prices({"qty-1": "5", "price-1": digits}, [1]) is None
    assert offer_prices({"qty-1": "5", "price-1": "80.000"}, [1]) == {1: (5, 80_000)}


@pytest.mark.parametrize("digits", NOT_ASCII)
def test_certificate_spreadsheet_numbers_are_refused(digits):
    assert certificate_import._whole(digits) is None
    assert certificate_import._whole(" 4 ") == 4
