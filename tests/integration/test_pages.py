"""Every public page renders in both languages with the content a visitor expects."""

import re

import pytest
import sqlalchemy as sa

from storefront import create_app
from storefront.catalog.models import Producer, Product
from storefront.extensions import db
from tests.conftest import app_config

LANGS = ["vi", "en"]


def first_published_product() -> Product:
    return db.session.scalar(sa.select(Product).where(Product.slug ==
                             "nuoc-mam-chay-moc-huong-500ml"))


@pytest.mark.parametrize("lang", LANGS)
def test_home_shows_featured_products_and_entry_points(client, lang):
    response = client.get(f"/{lang}/")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'<html lang="{lang}">' in html
    assert "nuoc-mam-chay-moc-huong-500ml" in html  # a featured product
    assert "/products?stars=5" in html and "/products?category=food" in html
    assert "/products?district=minh-hoa" in html


def test_home_texts_are_in_the_page_language(client):
    assert "Sản phẩm nổi bật" in client.get("/vi/").get_data(as_text=True)
    assert "Featured products" in client.get("/en/").get_data(as_text=True)


@pytest.mark.parametrize("lang", LANGS)
def test_catalogue_lists_products_with_pagination(client, lang):
    html = client.get(f"/{lang}/products").get_data(as_text=True)
    assert html.count('class="card product-card"') == 24
    assert 'rel="next"' in html


def test_product_page_in_both_languages(client):
    vi = client.get("/vi/products/nuoc-mam-chay-moc-huong-500ml").get_data(as_text=True)
    en = client.get("/en/products/nuoc-mam-chay-moc-huong-500ml").get_data(as_text=True)
    assert "Nước mắm chay Mộc Hương" in vi and "Câu chuyện" in vi
    assert "Vegetarian" in en and "The story" in en


def test_product_page_shows_certificate_label_and_producer(client):
    html = client.get("/en/products/nuoc-mam-chay-moc-huong-500ml").get_data(as_text=True)
    assert "OCOP 5 stars" in html
    assert "412/QĐ-BNNMT" in html and "10 Jun 2025" in html and "10 Jun 2028" in html
    assert "Bộ Nông nghiệp và Môi trường" in html and "National level" in html
    assert "Net quantity" in html and "500 ml" in html and "Ingredients" in html
    assert "/en/producers/htx-nong-san-moc-huong" in html
    assert "You may also like" in html


def test_vietnamese_dates_are_day_month_year(client):
    html = client.get("/vi/products/nuoc-mam-chay-moc-huong-500ml").get_data(as_text=True)
    assert "10/06/2025" in html and "10/06/2028" in html


def test_prices_are_formatted_per_language(client):
    product = first_published_product()
    amount = product.price_vnd
    vi = client.get(f"/vi/products/{product.slug}").get_data(as_text=True)
    en = client.get(f"/en/products/{product.slug}").get_data(as_text=True)
    assert f"{amount:,}".replace(",", ".") + "\xa0₫" in vi
    assert f"₫{amount:,}" in en


def test_story_markdown_is_rendered_as_paragraphs(client):
    html = client.get("/en/products/nuoc-mam-chay-moc-huong-500ml").get_data(as_text=True)
    story = html.split('id="story-title"')[1]
    assert "<p>" in story


@pytest.mark.parametrize("lang", LANGS)
def test_producers_list_and_page(client, lang):
    listing = client.get(f"/{lang}/producers").get_data(as_text=True)
    assert listing.count('class="card producer-card"') == 24
    producer = db.session.scalar(sa.select(Producer).where(Producer.slug ==
                                 "htx-nong-san-moc-huong"))
    page = client.get(f"/{lang}/producers/{producer.slug}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert producer.text(lang).name in html
    assert "nuoc-mam-chay-moc-huong-500ml" in html
    assert producer.legal_name in html


def test_producers_second_page(client):
    html = client.get("/en/producers?page=2").get_data(as_text=True)
    assert 'class="card producer-card"' in html
    assert client.get("/en/producers?page=99").status_code == 404
    assert client.get("/en/producers?page=abc").status_code == 404


def test_unpublished_products_are_not_found(client):
    product = first_published_product()
    product.status = "draft"
    db.session.flush()
    assert client.get(f"/en/products/{product.slug}").status_code == 404


def test_language_switcher_keeps_the_page_and_query(client):
    html = client.get("/en/products?stars=4&category=food").get_data(as_text=True)
    switch = re.search(r'<a href="([^"]+)" hreflang="vi"', html).group(1)
    assert switch.startswith("/vi/products?")
    assert "stars=4" in switch and "category=food" in switch


def test_hreflang_alternates_name_both_languages_at_the_sites_address(client, app):
    html = client.get("/en/products/nuoc-mam-chay-moc-huong-500ml").get_data(as_text=True)
    site = app.config["SITE_URL"].rstrip("/")
    for lang in LANGS:
        assert (f'hreflang="{lang}" href="{site}/{lang}/products/'
                f'nuoc-mam-chay-moc-huong-500ml"') in html.replace('rel="alternate" ', "")
    assert 'hreflang="x-default"' in html


def test_root_redirects_by_cookie_then_accept_language(client):
    assert client.get("/").headers["Location"].endswith("/vi/")
    english = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert english.headers["Location"].endswith("/en/")
    client.get("/vi/cart")  # a private page remembers Vietnamese in a cookie
    again = client.get("/", headers={"Accept-Language": "en"})
    assert again.headers["Location"].endswith("/vi/")
    client.set_cookie("lang", "en")  # as site.js does from the switcher on shared pages
    assert client.get("/").headers["Location"].endswith("/en/")


@pytest.mark.parametrize(("lang", "title"), [("vi", "Không tìm thấy trang"),
                                             ("en", "Page not found")])
def test_not_found_is_localized(client, lang, title):
    response = client.get(f"/{lang}/products/no-such-product")
    assert response.status_code == 404
    assert title in response.get_data(as_text=True)


def test_unknown_path_under_a_language_gets_that_language(client):
    client.get("/en/")  # an English cookie must not win over the /vi/ prefix
    response = client.get("/vi/khong-co-trang-nay")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.get_data(as_text=True)


def test_unknown_language_prefix_is_not_found(client):
    assert client.get("/fr/products").status_code == 404


@pytest.mark.parametrize(("lang", "title"), [("vi", "Đã có lỗi"), ("en", "Something went wrong")])
def test_server_error_page_is_localized(tmp_path, lang, title):
    app = create_app(app_config(tmp_path, f"sqlite:///{tmp_path / 'x.sqlite3'}", tmp_path))

    @app.get("/<lang:lang>/boom-for-test")
    def boom():
        raise RuntimeError("boom")

    response = app.test_client().get(f"/{lang}/boom-for-test")
    assert response.status_code == 500
    assert title in response.get_data(as_text=True)


def test_healthz_checks_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_media_files_are_served(client):
    product = first_published_product()
    image = product.images[0]
    response = client.get(f"/media/{image.thumb_path}")
    assert response.status_code == 200
    assert response.mimetype == "image/webp"
    assert client.get("/media/../secret_key").status_code == 404


def test_cards_use_the_page_language(client):
    vi = client.get("/vi/products?producer=htx-nong-san-moc-huong").get_data(as_text=True)
    en = client.get("/en/products?producer=htx-nong-san-moc-huong").get_data(as_text=True)
    assert "Nước mắm chay Mộc Hương" in vi and "Nước mắm chay Mộc Hương" not in en
    assert "huyện Bố Trạch" in vi and "Bố Trạch District" in en
