"""A producer runs its own parcels from the portal: list, confirm, pack, ship, deliver,
cancel with a reason, packing slip, CSV — and never sees another producer's orders."""

import csv
import io

import pytest
import sqlalchemy as sa

from storefront.orders.states import FulfilmentStatus, PaymentStatus
from tests import factories
from tests.web import outbox, sign_in, submit

FISH_SAUCE = "nuoc-mam-chay-moc-huong-500ml"  # Mộc Hương cooperative
CHOPSTICKS = "dua-go-tau-quang-thuy-10-doi"  # Thủy Mộc workshop


@pytest.fixture
def staff(client):
    user = factories.make_user("producer_staff",
                               producer=factories.producer_by_slug("htx-nong-san-moc-huong"))
    sign_in(client, user)
    return user


def own_part(order):
    return next(f for f in order.fulfilments if f.producer.slug == "htx-nong-san-moc-huong")


def step(client, order, to, **fields):
    base = f"/vi/producer/orders/{order.number}"
    return submit(client, f"{base}/{to}", fields, form_page=base)


def test_the_list_shows_only_this_producers_parcels(client, staff):
    mine = factories.make_order(items=((FISH_SAUCE, 2), (CHOPSTICKS, 1)))
    theirs = factories.make_order(items=((CHOPSTICKS, 1),))

    page = client.get("/vi/producer/orders").get_data(as_text=True)

    assert mine.number in page and theirs.number not in page
    assert "Đũa" not in page.split(mine.number, 1)[1].split("</tr>", 1)[0]  # only its lines
    assert client.get(f"/vi/producer/orders/{theirs.number}").status_code == 404
    assert client.get(f"/vi/producer/orders/{theirs.number}/slip").status_code == 404
    assert submit(client, f"/vi/producer/orders/{theirs.number}/confirmed", {},
                  form_page=f"/vi/products/{FISH_SAUCE}").status_code == 404


def test_confirm_pack_ship_deliver_and_the_buyer_sees_each_step(client, staff):
    order = factories.make_order(items=((FISH_SAUCE, 2),), locale="en")

    for to in ("confirmed", "packed"):
        assert step(client, order, to).status_code == 302
    no_code = step(client, order, "shipped", carrier="Viettel Post")
    assert own_part(order).status == FulfilmentStatus.PACKED  # refused without a code
    assert "mã vận đơn" in client.get(no_code.headers["Location"]).get_data(as_text=True)
    step(client, order, "shipped", carrier="Viettel Post", tracking_code="VTP123456")
    step(client, order, "delivered")

    part = own_part(order)
    assert (part.status, part.carrier, part.tracking_code) == (
        FulfilmentStatus.DELIVERED, "Viettel Post", "VTP123456")
    assert order.payment_status == PaymentStatus.PAID  # cash collected on delivery
    buyer_page = client.application.test_client().get(
        f"/en/orders/{order.number}?token={order.access_token}").get_data(as_text=True)
    assert "Viettel Post" in buyer_page and "VTP123456" in buyer_page and "Delivered" in buyer_page
    assert len(outbox("fulfilment_shipped", to=order.contact_email)) == 1


def test_a_prepaid_order_is_not_shipped_before_it_is_paid(client, staff):
    order = factories.make_order(items=((FISH_SAUCE, 1),), method="bank_transfer")
    step(client, order, "confirmed")
    step(client, order, "packed")

    page = client.get(f"/vi/producer/orders/{order.number}").get_data(as_text=True)
    response = step(client, order, "shipped", tracking_code="VTP1")

    assert "chỉ gửi đi khi thanh toán đã được xác nhận" in page
    assert response.status_code == 302
    assert "Hãy chờ thanh toán rồi mới gửi hàng" in client.get(
        response.headers["Location"]).get_data(as_text=True)
    assert own_part(order).status == FulfilmentStatus.PACKED


def test_cancelling_needs_a_reason_and_returns_the_stock(client, staff):
    order = factories.make_order(items=((FISH_SAUCE, 3),))
    product = factories.product_by_slug(FISH_SAUCE)
    before = product.stock

    step(client, order, "cancelled", note="")
    assert own_part(order).status == FulfilmentStatus.PENDING
    step(client, order, "cancelled", note="Hết hàng đợt này")

    assert own_part(order).status == FulfilmentStatus.CANCELLED
    factories.db.session.refresh(product)
    assert product.stock == before + 3
    assert "Hết hàng đợt này" in outbox("fulfilment_cancelled", to=order.contact_email)[0].text_body


def test_packing_slip_and_csv_export(client, staff):
    order = factories.make_order(items=((FISH_SAUCE, 2), (CHOPSTICKS, 1)))

    slip = client.get(f"/vi/producer/orders/{order.number}/slip").get_data(as_text=True)
    export = client.get("/vi/producer/orders.csv")

    assert order.contact_name in slip and "BT-MHG-01" in slip
    assert "Thu hộ khi giao: 2" in slip  # COD: the parcel's own amount, 2 × 95.000 + shipping
    assert export.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(export.get_data(as_text=True).lstrip("\ufeff"))))
    assert [(r["order"], r["sku"], r["quantity"]) for r in rows] == [
        (order.number, "BT-MHG-01", "2")]  # the other producer's line is not there


def test_the_dashboard_says_what_to_do_and_charts_the_sales(client, staff):
    factories.make_order(items=((FISH_SAUCE, 2),))
    product = factories.product_by_slug(FISH_SAUCE)
    product.stock = 3

    page = client.get("/vi/producer/").get_data(as_text=True)

    assert "1 đơn hàng cần xác nhận" in page
    assert "(còn 3)" in page and "Sắp hết hàng" in page
    assert 'class="sales-chart"' in page and "<rect" in page
    assert "190.000" in page  # this week's revenue: 2 × 95.000 ₫ (in the table)


def test_stock_adjustments_have_a_reason_a_history_and_a_floor(client, staff):
    product = factories.product_by_slug(FISH_SAUCE)
    before = product.stock
    base = f"/vi/producer/products/{product.id}"

    added = submit(client, f"{base}/stock", {"change": 50, "reason": "production",
                                             "note": "Mẻ tháng 11"}, form_page=base)
    removed = submit(client, f"{base}/stock", {"change": -2, "reason": "damage"}, form_page=base)
    too_many = submit(client, f"{base}/stock", {"change": -10_000, "reason": "correction"},
                      form_page=base)
    zero = submit(client, f"{base}/stock", {"change": 0, "reason": "correction"}, form_page=base)

    assert (added.status_code, removed.status_code) == (302, 302)
    assert too_many.status_code == zero.status_code == 409
    assert "Tồn kho không đủ để bớt số lượng này." in too_many.get_data(as_text=True)
    assert "Nhập số lượng cần thêm" in zero.get_data(as_text=True)
    factories.db.session.refresh(product)
    assert product.stock == before + 48
    page = client.get(base).get_data(as_text=True)
    assert "+50" in page and "-2" in page and "Mẻ tháng 11" in page
    other = factories.product_by_slug(CHOPSTICKS)
    assert submit(client, f"/vi/producer/products/{other.id}/stock",
                  {"change": 5, "reason": "production"}, form_page=base).status_code == 404


def test_the_producer_edits_its_story_side_by_side_with_a_safe_preview(client, staff):
    form = {"tagline_vi": "Nước mắm chay từ đậu nành", "tagline_en": "Vegetarian fish sauce",
            "story_vi": "**Hợp tác xã** thành lập năm 2015.<script>alert(1)</script>",
            "story_en": "A *cooperative* founded in 2015.", "visiting_hours_vi": "7:00–17:00",
            "visiting_hours_en": "7 am to 5 pm", "phone": "0232 3555 104",
            "email": "lienhe@mochuong.example", "website": "https://mochuong.example",
            "address": "Số 27, tiểu khu 5", "latitude": "17.468900", "longitude": "106.622300"}

    preview = submit(client, "/en/producer/profile", {**form, "preview": "1"})
    html = preview.get_data(as_text=True)
    assert "<strong>Hợp tác xã</strong>" in html and "<script>alert" not in html
    producer = factories.producer_by_slug("htx-nong-san-moc-huong")
    assert producer.latitude is None  # a preview saves nothing

    saved = submit(client, "/en/producer/profile", form)
    assert saved.status_code == 302
    public = client.get("/en/producers/htx-nong-san-moc-huong").get_data(as_text=True)
    assert "A <em>cooperative</em> founded in 2015." in public
    assert "7 am to 5 pm" in public and "openstreetmap.org/?mlat=17.468900" in public
    half = submit(client, "/en/producer/profile", {**form, "longitude": ""})
    assert half.status_code == 409
    assert "both the latitude and the longitude" in half.get_data(as_text=True)


def test_a_price_change_publishes_at_once_and_reaches_the_search_index(client, staff):
    from storefront.search.models import SearchOutbox

    product = factories.product_by_slug(FISH_SAUCE)
    base = f"/vi/producer/products/{product.id}"
    queued = factories.db.session.scalar(sa.select(sa.func.count(SearchOutbox.id)))

    saved = submit(client, f"{base}/price", {"price_vnd": 99_000, "weight_g": 650},
                   form_page=base)
    below_tiers = submit(client, f"{base}/price", {"price_vnd": 50_000, "weight_g": 650},
                         form_page=base)
    too_low = submit(client, f"{base}/price", {"price_vnd": 5, "weight_g": 650}, form_page=base)

    assert saved.status_code == 302
    assert (below_tiers.status_code, too_low.status_code) == (409, 400)
    assert "Giá sỉ phải thấp hơn giá bán lẻ" in below_tiers.get_data(as_text=True)
    factories.db.session.refresh(product)
    assert (product.price_vnd, product.weight_g) == (99_000, 650)
    assert "99.000" in client.get(f"/vi/products/{FISH_SAUCE}").get_data(as_text=True)
    assert factories.db.session.scalar(sa.select(sa.func.count(SearchOutbox.id))) > queued
