"""The cart: guests and signed-in buyers, stock caps, grouping and shipping, price changes."""

from storefront.cart import services as carts
from storefront.cart.models import Cart
from storefront.extensions import db
from tests import factories
from tests.web import submit

FISH_SAUCE = "nuoc-mam-chay-moc-huong-500ml"
CHOPSTICKS = "dua-go-tau-quang-thuy-10-doi"


def add(client, slug, quantity=1, lang="vi", **kwargs):
    product = factories.product_by_slug(slug)
    return submit(client, f"/{lang}/cart/add", {"product_id": product.id, "quantity": quantity},
                  form_page=f"/{lang}/products/{slug}", **kwargs)


def test_a_guest_fills_a_cart_kept_by_a_cookie(client):
    response = add(client, FISH_SAUCE, 2)
    assert response.status_code == 302
    assert "cart=" in response.headers["Set-Cookie"]
    add(client, CHOPSTICKS)
    page = client.get("/vi/cart").get_data(as_text=True)
    assert "Nước mắm chay Mộc Hương" in page and "Đũa gỗ táu" in page
    assert page.count('class="parcel panel"') == 2  # one parcel per producer


def test_adding_with_javascript_answers_json(client):
    response = add(client, FISH_SAUCE, 3, headers={"Accept": "application/json"})
    assert response.json["ok"] and response.json["quantity"] == 3


def test_quantity_is_capped_by_stock_with_a_clear_message(client):
    product = factories.product_by_slug(FISH_SAUCE)
    product.stock = 4
    db.session.flush()
    response = add(client, FISH_SAUCE, 10, headers={"Accept": "application/json"})
    assert response.json["quantity"] == 4
    assert "chỉ còn 4" in response.json["message"]


def test_sold_out_products_cannot_be_added(client):
    product = factories.product_by_slug(FISH_SAUCE)
    product.stock = 0
    db.session.flush()
    response = add(client, FISH_SAUCE, 1, headers={"Accept": "application/json"})
    assert response.json["ok"] is False and "hết hàng" in response.json["message"]


def test_change_and_remove_lines(client):
    add(client, FISH_SAUCE, 2)
    cart = db.session.query(Cart).order_by(Cart.id.desc()).first()
    line = cart.lines[0]
    submit(client, f"/vi/cart/lines/{line.id}", {"quantity": 5}, form_page="/vi/cart")
    assert line.quantity == 5
    submit(client, f"/vi/cart/lines/{line.id}/remove", {}, form_page="/vi/cart")
    assert cart.lines == []
    assert "Giỏ hàng của bạn đang trống" in client.get("/vi/cart").get_data(as_text=True)


def test_someone_elses_line_is_not_found(client):
    other = factories.make_cart(factories.make_user())
    add(client, FISH_SAUCE)
    assert submit(client, f"/vi/cart/lines/{other.lines[0].id}", {"quantity": 1},
                  form_page="/vi/cart").status_code == 404


def test_guest_cart_joins_the_account_on_sign_in(client):
    person = factories.make_user()
    factories.make_cart(person, [(CHOPSTICKS, 1)])
    add(client, FISH_SAUCE, 2)
    add(client, CHOPSTICKS, 1)
    submit(client, "/vi/account/login", {"email": person.email, "password": factories.PASSWORD})
    own = carts.find_cart(None, person)
    assert {line.product.slug: line.quantity for line in own.lines} == {
        FISH_SAUCE: 2, CHOPSTICKS: 2}
    assert db.session.query(Cart).filter(Cart.user_id.is_(None)).count() == 0


def test_shipping_per_parcel_by_region(app):
    cart = factories.make_cart(items=[(FISH_SAUCE, 1), (CHOPSTICKS, 1)])
    central = carts.summarise(cart, "hue")
    south = carts.summarise(cart, "ho-chi-minh")
    assert len(central.parcels) == 2
    assert all(p.shipping_vnd == 22_000 for p in central.parcels)
    assert south.shipping_vnd > central.shipping_vnd
    assert central.total_vnd == central.subtotal_vnd + 44_000
    assert carts.summarise(cart).total_vnd is None  # no destination yet


def test_heavier_parcels_cost_more(app):
    light = carts.summarise(factories.make_cart(items=[(FISH_SAUCE, 1)]), "hue")
    heavy = carts.summarise(factories.make_cart(factories.make_user(), [(FISH_SAUCE, 6)]),
                            "hue")
    assert heavy.shipping_vnd > light.shipping_vnd


def test_a_changed_price_is_shown(client):
    add(client, FISH_SAUCE, 1)
    product = factories.product_by_slug(FISH_SAUCE)
    old = product.price_vnd
    product.price_vnd = old + 10_000
    db.session.flush()
    page = client.get("/vi/cart").get_data(as_text=True)
    assert "Giá của một số sản phẩm đã thay đổi" in page
    assert f"{old:,}".replace(",", ".") in page


def test_cart_count_in_the_header(client):
    add(client, FISH_SAUCE, 3)
    assert 'data-cart-count aria-label="' in client.get("/vi/").get_data(as_text=True)
    assert ">3</span>" in client.get("/vi/").get_data(as_text=True)


def test_bad_quantities_are_refused(client):
    product = factories.product_by_slug(FISH_SAUCE)
    for quantity in ("abc", "0", "-2", "100000"):
        response = submit(client, "/vi/cart/add", {"product_id": product.id,
                                                  "quantity": quantity},
                          form_page=f"/vi/products/{FISH_SAUCE}")
        assert response.status_code in (400, 302)
    assert carts.find_cart(client.get_cookie("cart").value if client.get_cookie("cart")
                           else None, None) is None
