"""Search engines and link previews: robots.txt, the sitemaps, canonical and Open Graph
tags, and schema.org JSON-LD with the properties each type requires."""

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest

from tests import factories

FISH_SAUCE = "nuoc-mam-chay-moc-huong-500ml"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def parse_xml(data: bytes) -> ET.Element:
    return ET.fromstring(data)  # noqa: S314 - the app's own output, not a stranger's


def json_ld(html: str) -> dict[str, dict]:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return {data["@type"]: data for data in map(json.loads, blocks)}


def test_robots_keep_private_pages_out_and_name_the_sitemap(client, app):
    text = client.get("/robots.txt").get_data(as_text=True)

    for path in ("/vi/cart", "/en/checkout", "/vi/account", "/en/admin", "/vi/producer",
                 "/en/orders", "/vi/quotes", "/api/"):
        assert f"Disallow: {path}" in text
    assert f"Sitemap: {app.config['SITE_URL'].rstrip('/')}/sitemap.xml" in text


def test_the_sitemap_lists_public_pages_in_both_languages_with_alternates(client):
    draft = factories.make_product("Bản nháp bí mật", published=False)
    hidden = factories.make_producer("HTX Chưa Xác Minh")
    hidden.verified_at = None

    index = parse_xml(client.get("/sitemap.xml").data)
    parts = [loc.text for loc in index.iter(f"{SITEMAP}loc")]
    urls = {}
    for part in parts:
        response = client.get(urlsplit(part).path)
        assert response.status_code == 200 and response.mimetype == "application/xml"
        for url in parse_xml(response.data).iter(f"{SITEMAP}url"):
            urls[url.find(f"{SITEMAP}loc").text] = url

    fish = [u for u in urls if u.endswith(f"/products/{FISH_SAUCE}")]
    assert len(fish) == 2 and {u.split("/")[3] for u in fish} == {"vi", "en"}
    entry = urls[fish[0]]
    assert entry.find(f"{SITEMAP}lastmod").text == dt.date.fromisoformat(
        entry.find(f"{SITEMAP}lastmod").text).isoformat()
    assert {link.get("hreflang") for link in entry.iter(f"{XHTML}link")} == {"vi", "en"}
    assert not any(draft.slug in u for u in urls)
    assert not any(hidden.slug in u for u in urls)
    assert any(u.endswith("/vi/producers/htx-nong-san-moc-huong") for u in urls)
    assert client.get("/sitemap-products-99.xml").status_code == 404


def test_a_product_page_carries_canonical_open_graph_and_product_json_ld(client, app):
    html = client.get(f"/en/products/{FISH_SAUCE}?utm_source=zalo").get_data(as_text=True)
    site = app.config["SITE_URL"].rstrip("/")
    product = factories.product_by_slug(FISH_SAUCE)

    assert f'<link rel="canonical" href="{site}/en/products/{FISH_SAUCE}">' in html
    assert '<meta property="og:type" content="product">' in html
    assert f'<meta property="og:image" content="{site}/media/{product.images[0].path}">' in html
    data = json_ld(html)
    item = data["Product"]
    assert item["name"] == product.text("en").name and item["sku"] == product.sku
    assert item["image"] and item["image"][0].startswith(site)
    offer = item["offers"]
    assert offer["@type"] == "Offer" and offer["priceCurrency"] == "VND"
    assert offer["price"] == str(product.price_vnd)
    assert offer["availability"] == "https://schema.org/InStock"
    trail = data["BreadcrumbList"]["itemListElement"]
    assert [step["position"] for step in trail] == list(range(1, len(trail) + 1))
    assert trail[-1]["item"] == f"{site}/en/products/{FISH_SAUCE}"


def test_json_ld_cannot_be_broken_out_of(client):
    product = factories.make_product("Kẹo </script><script>alert(1)</script>")

    html = client.get(f"/vi/products/{product.slug}").get_data(as_text=True)

    assert "<script>alert(1)" not in html
    assert json_ld(html)["Product"]["name"].startswith("Kẹo </script>")


def test_a_sold_out_product_says_so_in_its_offer(client):
    product = factories.make_product(stock=0)

    data = json_ld(client.get(f"/en/products/{product.slug}").get_data(as_text=True))

    assert data["Product"]["offers"]["availability"] == "https://schema.org/OutOfStock"


def test_producer_and_event_pages_describe_an_organization_and_an_event(client):
    producer = factories.producer_by_slug("htx-nong-san-moc-huong")
    event = factories.make_event(producers=[producer])

    organization = json_ld(client.get(f"/vi/producers/{producer.slug}").get_data(
        as_text=True))["Organization"]
    fair = json_ld(client.get(f"/en/events/{event.slug}").get_data(as_text=True))["Event"]

    assert organization["name"] == producer.text("vi").name
    assert organization["address"]["addressCountry"] == "VN"
    assert fair["startDate"] == event.starts_on.isoformat()
    assert fair["endDate"] == event.ends_on.isoformat()
    assert fair["location"]["@type"] == "Place" and fair["location"]["name"] == "Đồng Hới"
    assert fair["eventAttendanceMode"].startswith("https://schema.org/")


@pytest.mark.parametrize("path", ["/vi/", "/en/products", "/vi/producers", "/en/events"])
def test_every_public_page_has_a_title_description_and_canonical(client, path):
    html = client.get(path).get_data(as_text=True)

    assert re.search(r"<title>[^<]+ · ", html)
    assert re.search(r'<meta name="description" content="[^"]{20,}">', html)
    assert '<link rel="canonical"' in html and 'property="og:title"' in html
