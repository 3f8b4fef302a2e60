"""Checkout and the order lifecycle, driven through the pages like a buyer and the office."""

import datetime as dt
import re

import sqlalchemy as sa

from storefront.cart.models import Cart
from storefront.extensions import db
from storefront.orders import cli as orders_cli
from storefront.orders import services, vietqr
from storefront.orders.models import Order, OrderEvent
from storefront.orders.states import FulfilmentStatus, PaymentStatus
from tests import factories
from tests.web import CSRF, outbox, sign_in, submit

FISH_SAUCE = "nuoc-mam-chay-moc-huong-500ml"
CHOPSTICKS = "dua-go-tau-quang-thuy-10-doi"
HIDDEN = re.compile(r'<input[^>]*name="(idempotency_key|expected_total)"[^>]*value="([^"]*)"')
ADDRESS = {"name": "Emma Brown", "email": "emma@example.com", "phone": "0912 345 678",
           "street": "12 Lê Lợi", "commune": "Phường Thuận Hóa", "province_code": "hue",
           "note": "Call before coming", "payment_method": "cod"}


def add(client, slug, quantity=1, lang="en"):
    product = factories.product_by_slug(slug)
    return submit(client, f"/{lang}/cart/add", {"product_id": product.id, "quantity": quantity},
                  form_page=f"/{lang}/products/{slug}")


def checkout_form(client, lang="en") -> dict:
    """The hidden fields of the checkout page, with the total for Huế as its script sets."""
    html = client.get(f"/{lang}/checkout").get_data(as_text=True)
    fields = dict(HIDDEN.findall(html))
    fields["csrf_token"] = CSRF.search(html).group(1)
    fields["expected_total"] = client.get(
        f"/{lang}/checkout/shipping?province=hue").json["total_vnd"]
    return fields


def place(client, lang="en", form=None, **changes):
    form = form or checkout_form(client, lang)
    data = {**ADDRESS, **form, **changes}
    return client.post(f"/{lang}/checkout", data=data,
                       headers={"Referer": f"https://localhost/{lang}/checkout"})


def orders_count() -> int:
    return db.session.scalar(sa.select(sa.func.count(Order.id)))


def stock(slug) -> int:
    product = factories.product_by_slug(slug)
    db.session.refresh(product)
    return product.stock


def fill_cart(client, lang="en"):
    add(client, FISH_SAUCE, 2, lang)
    add(client, CHOPSTICKS, 1, lang)


# -- placing orders -------------------------------------------------------------------------

def test_a_guest_orders_from_two_producers_with_cash_on_delivery(client):
    fish_before, sticks_before = stock(FISH_SAUCE), stock(CHOPSTICKS)
    fill_cart(client)
    response = place(client)
    assert response.status_code == 302
    order = db.session.scalar(sa.select(Order).order_by(Order.id.desc()))
    assert re.fullmatch(r"QB-\d{4}-\d{6}", order.number)
    assert response.headers["Location"].endswith(
        f"/en/orders/{order.number}?token={order.access_token}")
    assert len(order.fulfilments) == 2 and len(order.lines) == 2
    fish = factories.product_by_slug(FISH_SAUCE)
    line = next(line for line in order.lines if line.product_id == fish.id)
    assert (line.sku, line.unit_price_vnd, line.quantity) == (fish.sku, fish.price_vnd, 2)
    assert order.total_vnd == order.subtotal_vnd + order.shipping_vnd
    assert order.shipping_vnd == sum(f.shipping_vnd for f in order.fulfilments) > 0
    assert order.contact_phone == "0912345678" and order.payment_status == PaymentStatus.UNPAID
    assert (stock(FISH_SAUCE), stock(CHOPSTICKS)) == (fish_before - 2, sticks_before - 1)
    assert db.session.scalar(sa.select(Cart).order_by(Cart.id.desc())).lines == []

    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert order.number in page and "Cash on delivery" in page
    assert page.count('class="panel fulfilment"') == 2
    assert "Waiting for the producer to confirm." in page


def test_the_buyer_and_each_producer_get_an_email(client):
    fill_cart(client)
    place(client)
    order = db.session.scalar(sa.select(Order).order_by(Order.id.desc()))
    buyer_mail = outbox("order_placed", to="emma@example.com")
    assert len(buyer_mail) == 1 and order.number in buyer_mail[0].subject
    assert "Cash on delivery" in buyer_mail[0].text_body  # in the buyer's language: English
    producer_mail = outbox("producer_new_order")
    assert len(producer_mail) == 2
    assert all(order.number in mail.subject for mail in producer_mail)


def test_submitting_twice_makes_one_order(client):
    fill_cart(client)
    form = checkout_form(client)
    before = orders_count()
    first = place(client, form=form)
    add(client, FISH_SAUCE)  # even with something new in the cart, the same key is one order
    second = place(client, form=form)
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    assert orders_count() == before + 1
    assert len(outbox("order_placed", to="emma@example.com")) == 1


def test_another_guests_key_is_a_fresh_checkout_not_the_first_buyers_order(app, client):
    fill_cart(client)
    form = checkout_form(client)
    first = place(client, form=form)
    first_order = db.session.scalar(sa.select(Order).order_by(Order.id.desc()))

    stranger = app.test_client()  # another browser that learnt (or guessed) the key
    fill_cart(stranger)
    stolen = {**checkout_form(stranger), "idempotency_key": form["idempotency_key"]}
    second = place(stranger, form=stolen, name="Kẻ Lạ", email="stranger@example.com",
                   street="9 Trần Hưng Đạo", phone="0987 654 321")

    assert second.status_code == 302
    assert second.headers["Location"] != first.headers["Location"]
    assert first_order.access_token not in second.headers["Location"]
    orders = db.session.scalars(sa.select(Order).order_by(Order.id.desc()).limit(2)).all()
    assert [order.contact_email for order in orders] == ["stranger@example.com",
                                                         "emma@example.com"]
    page = stranger.get(second.headers["Location"]).get_data(as_text=True)
    assert "Kẻ Lạ" in page
    assert "Emma Brown" not in page and "12 Lê Lợi" not in page


def test_two_accounts_with_the_same_key_each_get_their_own_order(app, client):
    emma = factories.make_user(email="emma.account@example.com")
    minh = factories.make_user(email="minh.account@example.com")
    other = app.test_client()
    sign_in(client, emma)
    sign_in(other, minh)
    fill_cart(client)
    fill_cart(other)
    key = "same-key-on-two-devices"
    first = place(client, form={**checkout_form(client), "idempotency_key": key})
    minh_form = {**checkout_form(other), "idempotency_key": key}
    second = place(other, form=minh_form, email="minh.account@example.com", name="Trần Minh")
    again = place(other, form=minh_form, email="minh.account@example.com", name="Trần Minh")
    assert first.headers["Location"] != second.headers["Location"]
    assert again.headers["Location"] == second.headers["Location"]
    owners = {order.user_id for order in db.session.scalars(
        sa.select(Order).where(Order.user_id.in_([emma.id, minh.id])))}
    assert owners == {emma.id, minh.id}
    assert "Trần Minh" in other.get(second.headers["Location"]).get_data(as_text=True)


def test_a_changed_price_is_shown_before_anything_is_charged(client):
    fill_cart(client)
    form = checkout_form(client)
    before = orders_count()
    product = factories.product_by_slug(FISH_SAUCE)
    product.price_vnd += 10_000
    db.session.flush()
    response = place(client, form=form)
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "The total changed" in page
    assert orders_count() == before
    new_total = int(dict(HIDDEN.findall(page))["expected_total"])
    assert new_total == form["expected_total"] + 20_000
    response = place(client, form={**form, "expected_total": new_total})
    assert response.status_code == 302


def test_without_javascript_the_total_is_confirmed_once_the_province_is_known(client):
    fill_cart(client)
    form = checkout_form(client)
    response = place(client, form={**form, "expected_total": ""})
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Here is the total with shipping" in page
    total = int(dict(HIDDEN.findall(page))["expected_total"])
    assert place(client, form={**form, "expected_total": total}).status_code == 302


def test_stock_sold_meanwhile_refuses_the_order_and_takes_nothing(client):
    fill_cart(client)
    form = checkout_form(client)
    product = factories.product_by_slug(FISH_SAUCE)
    product.stock = 1
    db.session.flush()
    sticks_before, before = stock(CHOPSTICKS), orders_count()
    response = place(client, form=form)
    assert response.status_code == 409
    assert "left" in response.get_data(as_text=True)
    assert (orders_count(), stock(CHOPSTICKS), stock(FISH_SAUCE)) == (before, sticks_before, 1)


def test_invalid_contact_details_are_explained_in_the_buyers_language(client):
    fill_cart(client, "vi")
    before = orders_count()
    response = place(client, "vi", phone="12345", province_code="atlantis")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Not a valid choice" not in page and orders_count() == before
    response = place(client, "vi", phone="12345")
    assert response.status_code == 409
    assert "Nhập số điện thoại" in response.get_data(as_text=True) or \
        "số điện thoại" in response.get_data(as_text=True)
    assert orders_count() == before


def test_the_shipping_endpoint_answers_json(client):
    fill_cart(client)
    response = client.get("/en/checkout/shipping?province=ha-noi")
    assert response.status_code == 200 and len(response.json["parcels"]) == 2
    north = response.json["shipping_vnd"]
    assert client.get("/en/checkout/shipping?province=quang-tri").json["shipping_vnd"] < north
    bad = client.get("/en/checkout/shipping?province=nowhere")
    assert bad.status_code == 400 and "province" in bad.json["error"]


def test_an_empty_cart_cannot_check_out(client):
    response = client.get("/en/checkout")
    assert response.status_code == 302 and response.headers["Location"].endswith("/en/cart")


# -- VietQR ---------------------------------------------------------------------------------

def test_a_bank_transfer_order_shows_the_vietqr_code_and_bank_details(client, app):
    fill_cart(client, "vi")
    response = place(client, "vi", payment_method="bank_transfer")
    order = db.session.scalar(sa.select(Order).order_by(Order.id.desc()))
    assert order.expires_at is not None
    window = order.expires_at - order.created_at
    assert abs(window - dt.timedelta(hours=48)) < dt.timedelta(minutes=1)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "<svg" in page and app.config["BANK_TRANSFER"]["account"] in page
    payload = vietqr.build_payload(services.bank_transfer(order))
    decoded = vietqr.parse_payload(payload)
    assert decoded.amount_vnd == order.total_vnd and decoded.purpose == order.number
    mail = outbox("order_placed", to="emma@example.com")[0]
    assert app.config["BANK_TRANSFER"]["account"] in mail.text_body
    assert order.number in mail.text_body and "<svg" in mail.html_body
    assert "Chuyển khoản" in mail.subject + mail.text_body


def test_the_office_marks_a_transfer_received(client, app):
    order = factories.make_order(method="bank_transfer")
    admin = factories.make_user("admin")
    sign_in(client, admin)
    response = submit(client, f"/vi/admin/orders/{order.number}/paid", {},
                      form_page=f"/vi/admin/orders/{order.number}")
    assert response.status_code == 302
    db.session.refresh(order)
    assert order.payment_status == PaymentStatus.PAID and order.paid_at is not None
    assert len(outbox("payment_received", to=order.contact_email)) == 1
    # A second click (another tab) changes nothing and sends nothing.
    submit(client, f"/vi/admin/orders/{order.number}/paid", {},
           form_page=f"/vi/admin/orders/{order.number}")
    assert len(outbox("payment_received", to=order.contact_email)) == 1
    assert client.get(f"/vi/orders/{order.number}").status_code == 200


# -- expiry -------------------------------------------------------------------------------

def overdue_transfer():
    order = factories.make_order(items=((FISH_SAUCE, 3),), method="bank_transfer")
    order.expires_at = order.created_at - dt.timedelta(minutes=1)
    db.session.flush()
    return order


def test_unpaid_transfers_expire_once_and_release_their_stock(runner):
    before = stock(FISH_SAUCE)
    order = overdue_transfer()
    assert stock(FISH_SAUCE) == before - 3
    result = runner.invoke(orders_cli.expire)
    assert result.exit_code == 0 and "Expired 1 unpaid order(s)." in result.output
    db.session.refresh(order)
    assert order.payment_status == PaymentStatus.EXPIRED and order.is_cancelled
    assert stock(FISH_SAUCE) == before
    assert len(outbox("order_expired", to=order.contact_email)) == 1
    assert "Expired 0" in runner.invoke(orders_cli.expire).output
    assert services.expire_order(order) is False  # a late, overlapping run
    assert stock(FISH_SAUCE) == before


def test_orders_not_yet_due_or_already_paid_do_not_expire(runner):
    pending = factories.make_order(method="bank_transfer")
    paid = overdue_transfer()
    services.mark_paid(paid, None, "test")
    assert "Expired 0" in runner.invoke(orders_cli.expire).output
    assert pending.payment_status == PaymentStatus.UNPAID
    assert paid.payment_status == PaymentStatus.PAID


# -- cancelling and the lifecycle -----------------------------------------------------------

def test_the_buyer_cancels_before_shipping_and_the_stock_returns(client):
    before = stock(FISH_SAUCE)
    fill_cart(client)
    location = place(client).headers["Location"]
    assert stock(FISH_SAUCE) == before - 2
    number, token = re.search(r"/orders/([^?]+)\?token=(.+)$", location).groups()
    response = submit(client, f"/en/orders/{number}/cancel", {"token": token},
                      form_page=location)
    assert response.status_code == 302
    order = db.session.scalar(sa.select(Order).where(Order.number == number))
    db.session.refresh(order)
    assert order.is_cancelled and stock(FISH_SAUCE) == before
    assert len(outbox("order_cancelled", to="emma@example.com")) == 1
    page = client.get(location).get_data(as_text=True)
    assert "Order cancelled" in page and "Cancel the order" not in page
    # Cancelling again (a second tab) is refused and returns nothing twice.
    submit(client, f"/en/orders/{number}/cancel", {"token": token},
           form_page=f"/en/products/{FISH_SAUCE}")
    assert stock(FISH_SAUCE) == before


def test_nothing_can_be_cancelled_once_a_part_has_shipped(client):
    admin = factories.make_user("admin")
    order = factories.make_order(items=((FISH_SAUCE, 1), (CHOPSTICKS, 1)), locale="en")
    part = order.fulfilments[0]
    for state in ("confirmed", "packed"):
        services.advance_fulfilment(part, FulfilmentStatus(state), admin)
    services.advance_fulfilment(part, FulfilmentStatus.SHIPPED, admin, tracking_code="VN123")
    assert not services.can_cancel(order)
    url = f"/en/orders/{order.number}?token={order.access_token}"
    page = client.get(url).get_data(as_text=True)
    assert "Cancel the order" not in page and "VN123" in page
    response = submit(client, f"/en/orders/{order.number}/cancel",
                      {"token": order.access_token}, form_page=f"/en/products/{FISH_SAUCE}")
    assert response.status_code == 302
    assert "can no longer be cancelled" in client.get(url).get_data(as_text=True)
    assert not order.is_cancelled
    assert len(outbox("fulfilment_shipped", to=order.contact_email)) == 1
    assert "VN123" in outbox("fulfilment_shipped", to=order.contact_email)[0].text_body


def test_every_change_is_an_event_with_who_and_when(client):
    admin = factories.make_user("admin")
    order = factories.make_order()
    part = order.fulfilments[0]
    sign_in(client, admin)
    base = f"/vi/admin/orders/{order.number}"
    for state in ("confirmed", "packed"):
        assert submit(client, f"{base}/parts/{part.id}/{state}", {},
                      form_page=base).status_code == 302
    refused = submit(client, f"{base}/parts/{part.id}/shipped", {}, form_page=base)
    assert refused.status_code == 302
    db.session.refresh(part)
    assert part.status == FulfilmentStatus.PACKED  # shipping needs a tracking code
    submit(client, f"{base}/parts/{part.id}/shipped", {"tracking_code": "VTP-889"},
           form_page=base)
    submit(client, f"{base}/parts/{part.id}/delivered", {}, form_page=base)
    db.session.refresh(order)
    db.session.refresh(part)
    assert part.status == FulfilmentStatus.DELIVERED
    assert order.payment_status == PaymentStatus.PAID  # cash was collected at the door
    events = db.session.scalars(sa.select(OrderEvent).where(OrderEvent.order_id == order.id)
                                .order_by(OrderEvent.id)).all()
    assert [(e.kind, e.to_state) for e in events] == [
        ("order", "placed"), ("fulfilment", "confirmed"), ("fulfilment", "packed"),
        ("fulfilment", "shipped"), ("fulfilment", "delivered"), ("payment", "paid")]
    assert all(e.created_at is not None for e in events)
    assert {e.actor_id for e in events[1:]} == {admin.id}
    assert outbox("fulfilment_delivered", to=order.contact_email)


def test_status_emails_speak_the_buyers_language(client):
    admin = factories.make_user("admin")
    english = factories.make_order(locale="en")
    vietnamese = factories.make_order(locale="vi")
    for order in (english, vietnamese):
        services.cancel_order(order, admin, label="office", note="test")
    subject_en = outbox("order_cancelled")[-2].subject
    subject_vi = outbox("order_cancelled")[-1].subject
    assert "cancelled" in subject_en.lower()
    assert "hủy" in subject_vi.lower()


def test_an_illegal_move_is_refused_with_a_clear_message(client):
    admin = factories.make_user("admin")
    order = factories.make_order()
    sign_in(client, admin)
    base = f"/en/admin/orders/{order.number}"
    part = order.fulfilments[0]
    response = submit(client, f"{base}/parts/{part.id}/delivered", {}, form_page=base,
                      follow_redirects=True)
    assert "cannot go from" in response.get_data(as_text=True)
    assert part.status == FulfilmentStatus.PENDING
    assert submit(client, f"{base}/parts/{part.id}/teleported", {},
                  form_page=base).status_code == 404


# -- who may see an order -----------------------------------------------------------------------

def test_orders_are_private(client):
    buyer = factories.make_user("customer")
    order = factories.make_order(buyer)
    url = f"/en/orders/{order.number}"
    assert client.get(url).status_code == 404
    assert client.get(f"{url}?token=wrong").status_code == 404
    assert client.get(f"{url}?token={order.access_token}").status_code == 200
    sign_in(client, factories.make_user("customer"))
    assert client.get(url).status_code == 404
    sign_in(client, buyer)
    assert client.get(url).status_code == 200


def test_signed_in_buyers_see_their_order_history(client, count_queries):
    buyer = factories.make_user("customer")
    orders = [factories.make_order(buyer, items=((FISH_SAUCE, 1), (CHOPSTICKS, 1)))
              for _ in range(5)]
    factories.make_order()  # somebody else's
    sign_in(client, buyer)
    with count_queries() as counter:
        page = client.get("/en/account/orders").get_data(as_text=True)
    assert all(order.number in page for order in orders)
    assert page.count("<tr>") == 1 + 5
    assert counter.count <= 8, counter.statements
    services.cancel_order(orders[0], buyer)
    assert "cancelled" in client.get("/en/account/orders").get_data(as_text=True)


def test_an_empty_history_says_so(client):
    sign_in(client, factories.make_user("customer"))
    page = client.get("/vi/account/orders").get_data(as_text=True)
    assert "Bạn chưa có đơn hàng nào." in page
    assert client.get("/vi/account/orders?page=0").status_code == 404
    assert client.get("/vi/account/orders?page=9").status_code == 404


def test_the_office_order_list_is_filtered_without_n_plus_one(client, count_queries):
    admin = factories.make_user("admin")
    transfers = [factories.make_order(method="bank_transfer") for _ in range(3)]
    cash = factories.make_order()
    sign_in(client, admin)
    with count_queries() as counter:
        page = client.get("/en/admin/orders?status=awaiting_transfer").get_data(as_text=True)
    assert all(order.number in page for order in transfers) and cash.number not in page
    assert counter.count <= 8, counter.statements
    assert client.get("/en/admin/orders?status=bogus").status_code in (400, 404)


def test_the_province_chosen_in_the_cart_carries_to_checkout(client):
    fill_cart(client)
    cart_page = client.get("/en/cart?province=hue").get_data(as_text=True)
    assert "/en/checkout?province=hue" in cart_page
    page = client.get("/en/checkout?province=hue").get_data(as_text=True)
    assert '<option selected value="hue">' in page
    total = client.get("/en/checkout/shipping?province=hue").json["total_vnd"]
    assert f'value="{total}"' in page  # the total with shipping is known: no confirmation
