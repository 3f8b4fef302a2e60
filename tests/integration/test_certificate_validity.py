"""A product shows its stars only while its current certificate is valid."""

import datetime as dt

import pytest

from storefront.catalog import services
from storefront.catalog.filters import CatalogueFilters
from storefront.catalog.listing import catalogue_page
from storefront.clock import today
from tests import factories


def test_stars_show_on_the_last_valid_day_and_vanish_the_next(monkeypatch, client):
    decision = today() - dt.timedelta(days=10)
    product = factories.make_product(stars=4, decision_date=decision)
    last_day = product.certificates[0].valid_until
    assert product.shows_stars(last_day) and not product.shows_stars(
        last_day + dt.timedelta(days=1))

    monkeypatch.setattr("storefront.catalog.views.today", lambda: last_day + dt.timedelta(days=1))
    html = client.get(f"/en/products/{product.slug}").get_data(as_text=True)
    assert "OCOP 4 stars" not in html
    assert "expired on" in html


def test_expired_certificate_is_left_out_of_the_stars_filter():
    decision = today() - dt.timedelta(days=37 * 30)
    product = factories.make_product(stars=4, decision_date=decision)
    result = catalogue_page(CatalogueFilters(stars=4), "en", today(), 500)
    assert product.id not in {p.id for p in result.products}


def test_revoking_removes_the_stars_at_once(client):
    product = factories.make_product(stars=3)
    services.revoke_certificate(product.certificates[0], "Không duy trì chất lượng")
    assert product.stars is None
    html = client.get(f"/en/products/{product.slug}").get_data(as_text=True)
    assert "was revoked on" in html


def test_recertification_keeps_history_and_takes_the_new_stars():
    product = factories.make_product(stars=3, decision_date=today() - dt.timedelta(days=900))
    services.record_certificate(
        product, stars=4, score=81, decision_number="99/QĐ-UBND", decision_date=today(),
        issuing_level="province", issuing_body="UBND tỉnh Quảng Trị",
    )
    assert len(product.certificates) == 2
    assert product.stars == 4


@pytest.mark.parametrize(("stars", "score"), [(3, 72), (4, 65), (5, 89), (2, 40)])
def test_inconsistent_certificates_are_rejected(stars, score):
    product = factories.make_product()
    with pytest.raises(services.CertificateError):
        services.record_certificate(
            product, stars=stars, score=score, decision_number="1/QĐ-UBND",
            decision_date=today(), issuing_level="province", issuing_body="UBND tỉnh",
        )
    assert product.certificates == [] and product.stars is None


def test_seeded_expired_and_revoked_products_show_no_stars(client):
    expired = client.get("/en/products/ca-chi-vang-kho-bao-ninh-250g").get_data(as_text=True)
    assert "expired on" in expired and "OCOP 3 stars" not in expired
    revoked = client.get("/en/products/ca-com-kho-ngu-thuy-300g").get_data(as_text=True)
    assert "was revoked on" in revoked


def test_revocation_date_is_shown_in_vietnam_time(client):
    # Revoked at 00:00 on 20 May 2026 in Quảng Bình, i.e. 17:00 UTC the day before.
    html = client.get("/vi/products/ca-com-kho-ngu-thuy-300g").get_data(as_text=True)
    assert "20/05/2026" in html and "19/05/2026" not in html
