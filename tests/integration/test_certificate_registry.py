"""The office's certificate registry: the form, revocation, the 90-day list and the CSV
import with its dry run."""

import datetime as dt
import io

import pytest
import sqlalchemy as sa

from storefront.catalog.certificates import valid_until_for
from storefront.catalog.models import Certificate
from storefront.clock import today
from storefront.extensions import db
from tests import factories
from tests.web import sign_in, submit

NEW = "/en/admin/certificates/new"
IMPORT = "/en/admin/certificates/import"


@pytest.fixture
def office(client):
    sign_in(client, factories.make_user("admin"))
    return client


def count() -> int:
    return db.session.scalar(sa.select(sa.func.count(Certificate.id)))


def certificate_form(product, **changes) -> dict:
    return {"sku": product.sku, "stars": "4", "score": "78", "decision_number": "77/QĐ-UBND",
            "decision_date": (today() - dt.timedelta(days=3)).isoformat(),
            "issuing_level": "province", "issuing_body": "UBND tỉnh Quảng Bình", **changes}


def test_the_office_records_a_certificate_and_the_product_shows_its_stars(office):
    product = factories.make_product(stars=None)

    response = submit(office, NEW, certificate_form(product),
                      content_type="multipart/form-data")

    assert response.status_code == 302
    db.session.refresh(product)
    assert product.stars == 4
    certificate = product.certificates[0]
    assert certificate.valid_until == valid_until_for(today() - dt.timedelta(days=3))
    page = office.get(response.headers["Location"]).get_data(as_text=True)
    assert "77/QĐ-UBND" in page


@pytest.mark.parametrize(("changes", "message"), [
    ({"stars": "3", "score": "72"}, "needs a score from 50 to 69"),
    ({"stars": "5", "score": "89"}, "needs a score from 90 to 100"),
    ({"sku": "NO-SUCH-SKU"}, "No product has this SKU"),
    ({"decision_date": "2999-01-01"}, "in the future"),
    ({"score": "101"}, "from 0 to 100"),
])
def test_inconsistent_certificates_are_refused_with_a_clear_message(office, changes, message):
    product = factories.make_product(stars=None)
    before = count()

    response = submit(office, NEW, certificate_form(product, **changes),
                      content_type="multipart/form-data")

    assert response.status_code in (400, 409)
    assert message in response.get_data(as_text=True)
    assert count() == before


def test_the_same_decision_twice_is_refused(office):
    product = factories.make_product(stars=None)
    submit(office, NEW, certificate_form(product), content_type="multipart/form-data")

    again = submit(office, NEW, certificate_form(product), content_type="multipart/form-data")

    assert again.status_code == 409 and "already recorded" in again.get_data(as_text=True)


def test_a_scan_is_kept_and_a_disguised_file_refused(office):
    product = factories.make_product(stars=None)

    bad = submit(office, NEW, {**certificate_form(product),
                               "scan": (io.BytesIO(b"MZ not a pdf"), "scan.pdf")},
                 content_type="multipart/form-data")
    good = submit(office, NEW, {**certificate_form(product),
                                "scan": (io.BytesIO(b"%PDF-1.4 scan"), "scan.pdf")},
                  content_type="multipart/form-data")

    assert bad.status_code == 422
    assert good.status_code == 302
    db.session.refresh(product)
    assert product.certificates[0].scan_path.startswith("certificates/")


def test_revoking_needs_a_reason_and_takes_the_stars_off(office):
    product = factories.make_product(stars=4)
    certificate = product.certificates[0]
    url = f"/en/admin/certificates/{certificate.id}"

    silent = submit(office, f"{url}/revoke", {"reason": ""}, form_page=url)
    assert silent.status_code == 409 and "Give a reason" in silent.get_data(as_text=True)
    db.session.refresh(certificate)
    assert certificate.revoked_at is None

    revoked = submit(office, f"{url}/revoke", {"reason": "Không duy trì tiêu chuẩn"},
                     form_page=url)

    assert revoked.status_code == 302
    db.session.refresh(product)
    assert product.stars is None and certificate.is_revoked


def test_the_expiring_list_holds_what_ends_within_90_days(office):
    ending = factories.make_product(stars=3,
                                    decision_date=today() - dt.timedelta(days=3 * 365 - 60))
    lasting = factories.make_product(stars=3, decision_date=today() - dt.timedelta(days=30))

    html = office.get("/en/admin/certificates?status=expiring").get_data(as_text=True)

    assert ending.text("en").name in html and lasting.text("en").name not in html
    assert office.get("/en/admin/certificates?status=bogus").status_code == 404


# -- CSV import ---------------------------------------------------------------------------------

def csv_file(*rows, header="sku,stars,score,decision_number,decision_date,issuing_level,"
                           "issuing_body") -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode("utf-8-sig")


def post_csv(office, data: bytes, write: bool):
    fields = {"file": (io.BytesIO(data), "phu-luc.csv")}
    if write:
        fields["write"] = "1"
    return submit(office, IMPORT, fields, content_type="multipart/form-data")


def test_a_valid_file_is_checked_then_imported_and_a_second_import_adds_nothing(office):
    one, two = factories.make_product(stars=None), factories.make_product(stars=None)
    data = csv_file(f"{one.sku},4,80,12/QĐ-UBND,15/06/2025,province,UBND tỉnh Quảng Bình",
                    f"{two.sku},3,61,12/QĐ-UBND,15/06/2025,tỉnh,UBND tỉnh Quảng Bình")
    before = count()

    checked = post_csv(office, data, write=False)
    assert checked.status_code == 200 and count() == before
    assert "2 to record" in checked.get_data(as_text=True)

    imported = post_csv(office, data, write=True)
    assert imported.status_code == 302 and count() == before + 2
    db.session.refresh(one)
    assert one.stars == 4 and one.certificates[0].decision_date == dt.date(2025, 6, 15)

    again = post_csv(office, data, write=True)
    assert again.status_code == 302 and count() == before + 2


def test_vietnamese_headers_and_semicolons_are_understood(office):
    product = factories.make_product(stars=None)
    data = csv_file(f"{product.sku};5;93;7/QĐ-UBND;01/02/2024;trung ương;Bộ Nông nghiệp",
                    header="Mã sản phẩm;Số sao;Điểm;Số quyết định;Ngày quyết định;Cấp;"
                           "Cơ quan cấp")

    assert post_csv(office, data, write=True).status_code == 302
    db.session.refresh(product)
    assert product.certificates[0].issuing_level == "national"


def test_a_file_with_a_bad_row_writes_nothing_and_names_each_error(office):
    good, other = factories.make_product(stars=None), factories.make_product(stars=None)
    data = csv_file(f"{good.sku},4,80,12/QĐ-UBND,15/06/2025,province,UBND tỉnh",
                    f"{other.sku},3,72,12/QĐ-UBND,15/06/2025,province,UBND tỉnh",
                    "NO-SKU,4,80,12/QĐ-UBND,31/02/2025,county,")
    before = count()

    response = post_csv(office, data, write=True)

    html = response.get_data(as_text=True)
    assert response.status_code == 422 and count() == before
    for message in ("needs a score from 50 to 69", "No product has the SKU “NO-SKU”",
                    "“31/02/2025” is not a date", "district, province or national",
                    "issuing body is missing"):
        assert message in html, message


@pytest.mark.parametrize(("data", "message"), [
    (b"\xff\xfe\x00garbage", "UTF-8"),
    (b"name,price\nx,1\n", "no “sku” column"),
    (b"", "The file is empty"),
])
def test_unreadable_files_are_refused(office, data, message):
    response = post_csv(office, data, write=False)

    assert response.status_code in (400, 422)
    assert message in response.get_data(as_text=True)
