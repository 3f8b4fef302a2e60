"""The office's collections and trade events, as the public sees them."""

import datetime as dt
import io

import pytest
import sqlalchemy as sa
from PIL import Image

from storefront.clock import today
from storefront.extensions import db
from storefront.promotion import ics
from storefront.promotion.models import Collection, TradeEvent
from tests import factories
from tests.web import sign_in, submit


@pytest.fixture
def office(app):
    browser = app.test_client()
    sign_in(browser, factories.make_user("admin"))
    return browser


@pytest.fixture(autouse=True)
def private_media(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "MEDIA_ROOT", str(tmp_path / "media"))


def create_collection(office, **changes):
    fields = {"title_vi": "Quà Tết Quảng Bình", "title_en": "Tết gifts from Quảng Bình",
              "description_vi": "Những món quà **OCOP** cho ngày Tết.",
              "starts_on": (today() - dt.timedelta(days=1)).isoformat(),
              "ends_on": (today() + dt.timedelta(days=30)).isoformat(),
              "on_home": "y", "position": "0", **changes}
    return submit(office, "/en/admin/collections/new", fields)


def newest(model):
    return db.session.scalar(sa.select(model).order_by(model.id.desc()).limit(1))


def add(office, collection, sku):
    url = f"/en/admin/collections/{collection.id}"
    return submit(office, f"{url}/products", {"sku": sku}, form_page=url)


def test_a_running_collection_shows_on_the_home_page_in_the_offices_order(office, client):
    assert create_collection(office).status_code == 302
    collection = newest(Collection)
    first, second = (factories.product_by_slug("nuoc-mam-chay-moc-huong-500ml"),
                     factories.product_by_slug("dua-go-tau-quang-thuy-10-doi"))
    add(office, collection, first.sku)
    add(office, collection, second.sku)
    url = f"/en/admin/collections/{collection.id}"
    second_item = collection.items[1]
    submit(office, f"{url}/products/{second_item.id}/move", {"where": "up"}, form_page=url)

    home = client.get("/vi/").get_data(as_text=True)
    page = client.get(f"/en/collections/{collection.slug}").get_data(as_text=True)
    vi_page = client.get(f"/vi/collections/{collection.slug}").get_data(as_text=True)

    assert "Quà Tết Quảng Bình" in home
    assert home.index(second.text("vi").name) < home.index(first.text("vi").name)
    assert "Tết gifts from Quảng Bình" in page and "<strong>OCOP</strong>" in vi_page


def test_a_collection_outside_its_dates_leaves_the_home_page(office, client):
    create_collection(office, starts_on=(today() + dt.timedelta(days=5)).isoformat())
    future = newest(Collection)

    assert "Quà Tết Quảng Bình" not in client.get("/vi/").get_data(as_text=True)
    assert client.get(f"/vi/collections/{future.slug}").status_code == 404
    assert office.get(f"/vi/collections/{future.slug}").status_code == 200  # office preview


@pytest.mark.parametrize(("changes", "message"), [
    ({"title_vi": ""}, "Vietnamese title"),
    ({"ends_on": "2020-01-01"}, "last day comes before the first"),
])
def test_bad_collections_are_refused(office, changes, message):
    before = db.session.scalar(sa.select(sa.func.count(Collection.id)))

    response = create_collection(office, **changes)

    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Collection.id))) == before


def test_only_published_products_join_and_never_twice(office):
    create_collection(office)
    collection = newest(Collection)
    draft = factories.make_product(published=False)
    product = factories.product_by_slug("nuoc-mam-chay-moc-huong-500ml")

    assert add(office, collection, draft.sku).status_code == 409
    assert add(office, collection, product.sku).status_code == 302
    twice = add(office, collection, product.sku)

    assert twice.status_code == 409 and "already in the collection" in twice.get_data(
        as_text=True)
    assert len(collection.items) == 1


def test_a_collection_banner_is_an_image_or_nothing(office):
    create_collection(office)
    collection = newest(Collection)
    url = f"/en/admin/collections/{collection.id}"
    photo = io.BytesIO()
    Image.new("RGB", (1600, 700), "gold").save(photo, "JPEG")

    submit(office, f"{url}/banner", {"banner": (io.BytesIO(b"<svg/>"), "x.svg")},
           form_page=url, content_type="multipart/form-data")
    assert collection.banner_path is None
    submit(office, f"{url}/banner", {"banner": (io.BytesIO(photo.getvalue()), "tet.jpg")},
           form_page=url, content_type="multipart/form-data")
    db.session.refresh(collection)
    assert collection.banner_path.startswith(f"collections/{collection.id}/")


# -- events ------------------------------------------------------------------------------------

def create_event(office, **changes):
    producer = factories.producer_by_slug("htx-nong-san-moc-huong")
    fields = {"name_vi": "Hội chợ OCOP Quảng Bình", "name_en": "Quảng Bình OCOP fair",
              "place_vi": "Quảng trường Hồ Chí Minh, Đồng Hới",
              "place_en": "Hồ Chí Minh Square, Đồng Hới",
              "description_vi": "Hơn 100 gian hàng; mở cửa 8:00–22:00.",
              "starts_on": (today() + dt.timedelta(days=10)).isoformat(),
              "ends_on": (today() + dt.timedelta(days=14)).isoformat(),
              "website": "", "producer_ids": [str(producer.id)], "published": "y", **changes}
    return submit(office, "/en/admin/events/new", fields)


def test_an_event_is_listed_with_its_producers_and_a_calendar_file(office, client):
    assert create_event(office).status_code == 302
    event = newest(TradeEvent)

    listing = client.get("/en/events").get_data(as_text=True)
    page = client.get(f"/vi/events/{event.slug}").get_data(as_text=True)
    calendar = client.get(f"/en/events/{event.slug}.ics")

    assert "Quảng Bình OCOP fair" in listing
    assert "Quảng trường Hồ Chí Minh" in page and "Mộc Hương" in page
    body = calendar.get_data(as_text=True)
    assert calendar.mimetype == "text/calendar"
    start = (today() + dt.timedelta(days=10)).strftime("%Y%m%d")
    end = (today() + dt.timedelta(days=15)).strftime("%Y%m%d")  # the day after the last
    assert f"DTSTART;VALUE=DATE:{start}\r\n" in body and f"DTEND;VALUE=DATE:{end}\r\n" in body
    assert "SUMMARY:Quảng Bình OCOP fair\r\n" in body
    assert "Hơn 100 gian hàng\\; mở cửa" not in body  # English texts here
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    assert "Quảng Bình OCOP fair" in client.get("/en/").get_data(as_text=True)


def test_past_and_hidden_events(office, client):
    create_event(office, starts_on="2025-03-01", ends_on="2025-03-03",
                 name_en="Spring fair 2025")
    create_event(office, published="", name_en="Secret plan")
    hidden = newest(TradeEvent)

    listing = client.get("/en/events").get_data(as_text=True)

    assert "Spring fair 2025" in listing and "Past events" in listing
    assert "Secret plan" not in listing
    assert client.get(f"/en/events/{hidden.slug}").status_code == 404
    assert client.get(f"/en/events/{hidden.slug}.ics").status_code == 404


@pytest.mark.parametrize(("changes", "message"), [
    ({"name_vi": ""}, "Vietnamese name"),
    ({"ends_on": "2020-01-01"}, "last day comes before the first"),
    ({"website": "javascript:alert(1)"}, "starts with https://"),
    ({"starts_on": ""}, "Enter the first day"),
])
def test_bad_events_are_refused(office, changes, message):
    response = create_event(office, **changes)

    assert response.status_code in (400, 409) and message in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(TradeEvent.id))) == 0


def test_calendar_text_is_escaped_and_folded():
    body = ics.event_calendar(uid="x@y", name="Hội chợ; quà, Tết", starts_on=dt.date(2027, 1, 20),
                              ends_on=dt.date(2027, 1, 20), place="",
                              description="Dòng một\nDòng hai " + "ơ" * 80, url="http://x")

    assert "SUMMARY:Hội chợ\\; quà\\, Tết\r\n" in body
    assert "DTEND;VALUE=DATE:20270121" in body
    lines = body.split("\r\n")
    assert all(len(line.encode()) <= 75 for line in lines)
    assert any(line.startswith(" ") for line in lines)
