"""The office creates, corrects and verifies producers; verification decides what the
public sees and whether listings can be sent for approval."""

import pytest
import sqlalchemy as sa
from flask_babel import force_locale

from storefront.catalog import reviews
from storefront.catalog.models import Producer
from storefront.extensions import db
from tests import factories
from tests.web import sign_in, submit


@pytest.fixture
def office(client):
    sign_in(client, factories.make_user("admin"))
    return client


def producer_form(**changes) -> dict:
    return {"name_vi": "HTX Mật ong Trường Sơn", "name_en": "Trường Sơn Honey Cooperative",
            "legal_name": "Hợp tác xã Mật ong Trường Sơn", "kind": "cooperative",
            "district_id": factories.district("quang-ninh").id, "commune": "xã Trường Sơn",
            "address": "Thôn Bến Tiêm", "phone": "0232 3 123 456", "email": "", **changes}


def newest() -> Producer:
    return db.session.scalar(sa.select(Producer).order_by(Producer.id.desc()).limit(1))


def test_a_new_producer_is_hidden_until_verified(office, app):
    response = submit(office, "/en/admin/producers/new", producer_form())

    assert response.status_code == 302
    producer = newest()
    assert producer.slug == "htx-mat-ong-truong-son" and producer.verified_at is None
    public = app.test_client()
    assert public.get(f"/vi/producers/{producer.slug}").status_code == 404

    verified = submit(office, f"/en/admin/producers/{producer.id}/verify", {},
                      form_page=f"/en/admin/producers/{producer.id}")

    assert verified.status_code == 302
    assert public.get(f"/vi/producers/{producer.slug}").status_code == 200
    submit(office, f"/en/admin/producers/{producer.id}/unverify", {},
           form_page=f"/en/admin/producers/{producer.id}")
    assert public.get(f"/vi/producers/{producer.slug}").status_code == 404


def test_the_office_corrects_a_record_and_the_list_filters(office):
    producer = factories.producer_by_slug("htx-nong-san-moc-huong")
    url = f"/en/admin/producers/{producer.id}"

    response = submit(office, url, producer_form(name_vi=producer.text("vi").name,
                                                 legal_name="HTX Nông sản Mộc Hương (sửa)"))

    assert response.status_code == 302
    db.session.refresh(producer)
    assert producer.legal_name == "HTX Nông sản Mộc Hương (sửa)"
    assert submit(office, "/en/admin/producers/new", producer_form()).status_code == 302
    waiting = office.get("/en/admin/producers?status=waiting").get_data(as_text=True)
    assert "Trường Sơn Honey Cooperative" in waiting and "Mộc Hương" not in waiting
    assert "Mộc Hương" in office.get("/en/admin/producers?q=moc+huong").get_data(as_text=True)


@pytest.mark.parametrize(("changes", "message"), [
    ({"name_vi": ""}, "Vietnamese name"),
    ({"legal_name": ""}, "registered name"),
    ({"district_id": "99999"}, "Choose the district"),
])
def test_bad_producer_records_are_refused(office, changes, message):
    before = db.session.scalar(sa.select(sa.func.count(Producer.id)))

    response = submit(office, "/en/admin/producers/new", producer_form(**changes))

    assert response.status_code == 409 and message in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Producer.id))) == before


def test_an_unverified_producer_cannot_send_listings(office):
    submit(office, "/en/admin/producers/new", producer_form())
    product = factories.make_product(producer=newest(), published=False)
    product.status = "draft"
    factories.make_photo(product)

    with force_locale("en"), pytest.raises(reviews.ReviewError, match="not verified"):
        reviews.submit_listing(product, None)
    assert product.status == "draft"
