"""Batches, their public traceability pages, QR label sheets, and the report upload's checks."""

import datetime as dt
import io

import pytest
import sqlalchemy as sa
from PIL import Image

from storefront.extensions import db
from storefront.traceability.models import Batch
from tests import factories
from tests.web import sign_in, submit

FISH_SAUCE = "nuoc-mam-chay-moc-huong-500ml"
CHOPSTICKS = "dua-go-tau-quang-thuy-10-doi"


@pytest.fixture
def staff(client):
    user = factories.make_user("producer_staff",
                               producer=factories.producer_by_slug("htx-nong-san-moc-huong"))
    sign_in(client, user)
    return user


def batch_form(**changes):
    made = dt.date.today() - dt.timedelta(days=10)
    return {"lot_code": "MH-2611-A", "production_date": made.isoformat(),
            "expiry_date": (made + dt.timedelta(days=365)).isoformat(), "quantity": 400,
            "ingredients_origin": "Đậu nành và muối biển Cảnh Dương",
            "standards": ["vietgap", "haccp"], "test_report_ref": "KQ-2611/QB", **changes}


def record(client, product, **changes):
    url = f"/vi/producer/products/{product.id}/batches"
    return submit(client, url, batch_form(**changes), form_page=url,
                  content_type="multipart/form-data")


def image_bytes(fmt="PNG", size=(40, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "green").save(out, fmt)
    return out.getvalue()


def only_batch() -> Batch:
    return db.session.scalar(sa.select(Batch))


def test_a_batch_gets_a_truthful_public_page_and_a_short_link(client, staff):
    product = factories.product_by_slug(FISH_SAUCE)

    response = record(client, product, report=(io.BytesIO(b"%PDF-1.4\n%test report"),
                                               "ket-qua.pdf"))

    assert response.status_code == 302
    batch = only_batch()
    assert len(batch.trace_code) >= 16 and batch.report_path.startswith("reports/")
    assert batch.report_path.endswith(".pdf") and "ket-qua" not in batch.report_path
    short = client.get(f"/t/{batch.trace_code}")
    assert short.status_code == 302 and f"/trace/{batch.trace_code}" in short.headers["Location"]
    page = client.application.test_client().get(f"/en/trace/{batch.trace_code}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    for fact in ("MH-2611-A", "VietGAP", "HACCP", "KQ-2611/QB", "Cảnh Dương",
                 "OCOP certificate", batch.report_path):
        assert fact in html, fact
    assert client.get("/en/trace/not-a-real-code").status_code == 404


def test_bad_batches_are_refused_with_a_reason(client, staff):
    product = factories.product_by_slug(FISH_SAUCE)
    future = (dt.date.today() + dt.timedelta(days=3)).isoformat()

    assert record(client, product, production_date=future).status_code == 409
    assert record(client, product, expiry_date="2000-01-01").status_code == 409
    assert record(client, product, lot_code="../etc").status_code == 409
    assert record(client, product).status_code == 302
    duplicate = record(client, product)

    assert duplicate.status_code == 409
    assert "MH-2611-A" in duplicate.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Batch.id))) == 1


@pytest.mark.parametrize(("content", "filename"), [
    (b"MZ\x90\x00 not an image at all", "report.png"),  # a renamed program
    (b"GIF89a" + b"\x00" * 64, "report.gif"),  # an image of a kind we do not take
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "broken.png"),  # a broken PNG
])
def test_the_report_upload_rejects_what_is_not_a_pdf_or_an_image(client, staff, content,
                                                                 filename):
    product = factories.product_by_slug(FISH_SAUCE)

    response = record(client, product, report=(io.BytesIO(content), filename))

    assert response.status_code == 409
    assert only_batch() is None


def test_an_oversized_file_and_a_decompression_bomb_are_refused(client, staff):
    product = factories.product_by_slug(FISH_SAUCE)
    huge = b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024 + 10)
    bomb = io.BytesIO()
    Image.new("1", (10_000, 10_000)).save(bomb, "PNG")  # 100 million pixels, tiny file

    assert record(client, product, report=(io.BytesIO(huge), "big.pdf")).status_code == 409
    assert record(client, product, report=(io.BytesIO(bomb.getvalue()), "bomb.png")
                  ).status_code == 409
    assert only_batch() is None


def test_an_image_report_is_re_encoded_without_its_metadata(client, staff, app):
    product = factories.product_by_slug(FISH_SAUCE)
    photo = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "Secret camera"
    Image.new("RGB", (60, 40), "red").save(photo, "JPEG", exif=exif)

    assert record(client, product, report=(io.BytesIO(photo.getvalue()),
                                           "../../photo.jpg")).status_code == 409
    assert record(client, product, report=(io.BytesIO(photo.getvalue()),
                                           "photo.jpg")).status_code == 302

    batch = only_batch()
    assert batch.report_path.endswith(".webp") and ".." not in batch.report_path
    from pathlib import Path
    stored = Path(app.config["MEDIA_ROOT"]) / batch.report_path
    with Image.open(stored) as image:
        assert image.format == "WEBP" and not image.getexif()


def test_qr_label_sheet_and_access_rules(client, staff):
    product = factories.product_by_slug(FISH_SAUCE)
    record(client, product)
    batch = only_batch()

    sheet = client.get(f"/vi/producer/batches/{batch.id}/labels").get_data(as_text=True)

    assert sheet.count("class=\"label\"") == 21 and sheet.count("<svg") == 22  # + the cart icon
    assert f"/t/{batch.trace_code}" in sheet and "MH-2611-A" in sheet
    rival = client.application.test_client()
    sign_in(rival, factories.make_user("producer_staff",
                                       producer=factories.producer_by_slug("htx-dua-go-thuy-moc")))
    assert rival.get(f"/vi/producer/batches/{batch.id}/labels").status_code == 404
    other = factories.product_by_slug(CHOPSTICKS)
    assert client.get(f"/vi/producer/products/{other.id}/batches").status_code == 404
