"""The office's directories of products, accounts and quote requests."""

import pytest

from tests import factories
from tests.web import sign_in, submit


@pytest.fixture
def admin(client):
    user = factories.make_user("admin")
    sign_in(client, user)
    return user


def test_products_are_searchable_by_name_without_diacritics_and_by_status(client, admin):
    draft = factories.make_product("Kẹo cu đơ Hà Tĩnh", published=False)

    found = client.get("/en/admin/products?q=keo+cu+do").get_data(as_text=True)
    drafts = client.get("/en/admin/products?status=draft").get_data(as_text=True)
    published = client.get("/en/admin/products?status=published").get_data(as_text=True)

    assert draft.sku in found and "Mộc Hương" not in found
    assert draft.sku in drafts and draft.sku not in published
    assert client.get("/en/admin/products?status=lost").status_code == 404


def test_a_suspended_account_is_signed_out_and_can_be_restored(client, admin, app):
    buyer = factories.make_user("customer", email="mua@example.com")
    browser = app.test_client()
    sign_in(browser, buyer)
    assert browser.get("/en/account/").status_code == 200

    listed = client.get("/en/admin/users?q=mua@").get_data(as_text=True)
    suspended = submit(client, f"/en/admin/users/{buyer.id}/suspend", {},
                       form_page="/en/admin/users?q=mua@")

    assert "mua@example.com" in listed and suspended.status_code == 302
    assert not buyer.active
    assert browser.get("/en/account/").status_code == 302  # signed out
    submit(client, f"/en/admin/users/{buyer.id}/restore", {},
           form_page="/en/admin/users?q=mua@")
    assert buyer.active


def test_the_office_cannot_suspend_itself(client, admin):
    factories.make_user("customer")  # a row with a button, to take the form's token from
    response = submit(client, f"/en/admin/users/{admin.id}/suspend", {},
                      form_page="/en/admin/users?role=customer")

    assert response.status_code == 302 and admin.active
    assert "cannot suspend your own account" in client.get("/en/admin/users").get_data(
        as_text=True)


def test_quote_requests_are_listed_and_readable(client, admin):
    distributor = factories.make_user("distributor", verified_distributor=True)
    quote = factories.make_quote_request(distributor)

    listed = client.get("/en/admin/quotes").get_data(as_text=True)
    detail = client.get(f"/en/admin/quotes/{quote.number}")

    assert quote.number in listed
    assert detail.status_code == 200 and quote.number in detail.get_data(as_text=True)
    assert client.get("/en/admin/quotes?status=nonsense").status_code == 404
    assert client.get("/en/admin/quotes/RFQ-0000-0").status_code == 404


def test_the_office_curates_the_featured_products_of_the_home_page(client, admin, app,
                                                                  monkeypatch):
    product = factories.make_product("Tinh dầu tràm Lệ Thủy")
    draft = factories.make_product("Bản nháp", published=False)
    url = f"/en/admin/products?q={product.sku}"
    monkeypatch.setitem(app.config, "HOME_FEATURED_COUNT", 100)

    submit(client, f"/en/admin/products/{product.id}/feature", {}, form_page=url)
    submit(client, f"/en/admin/products/{draft.id}/feature", {}, form_page=url)

    assert product.featured and not draft.featured
    assert product.text("vi").name in app.test_client().get("/vi/").get_data(as_text=True)
    submit(client, f"/en/admin/products/{product.id}/unfeature", {}, form_page=url)
    assert not product.featured
