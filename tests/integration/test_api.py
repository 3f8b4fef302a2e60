"""The public JSON API: every answer conforms to the OpenAPI document it publishes."""

import pytest
import sqlalchemy as sa
from jsonschema import Draft202012Validator

from storefront.catalog.models import Product, ProductStatus
from storefront.extensions import db
from tests import factories

FISH_SAUCE = "nuoc-mam-chay-moc-huong-500ml"


@pytest.fixture
def spec(client):
    document = client.get("/api/v1/openapi.json").get_json()
    Draft202012Validator.check_schema({"$defs": document["components"]["schemas"]})
    return document


def conforms(spec, schema: str, data) -> None:
    root = {"$ref": f"#/components/schemas/{schema}", "components": spec["components"]}
    errors = sorted(Draft202012Validator(root).iter_errors(data), key=str)
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]


@pytest.mark.parametrize(("url", "schema"), [
    ("/api/v1/products?limit=5", "ProductPage"),
    ("/api/v1/products?stars=4&lang=en&in_stock=1", "ProductPage"),
    (f"/api/v1/products/{FISH_SAUCE}?lang=en", "ProductDetail"),
    ("/api/v1/producers?limit=3", "ProducerPage"),
    ("/api/v1/producers/htx-nong-san-moc-huong", "ProducerDetail"),
    ("/api/v1/categories?lang=en", "CategoryList"),
    ("/api/v1/search?q=nuoc+mam&limit=5", "SearchResult"),
    ("/api/v1/suggest?q=mat+ong", "Suggestions"),
])
def test_every_answer_matches_its_schema(client, spec, url, schema):
    response = client.get(url)

    assert response.status_code == 200 and response.mimetype == "application/json"
    conforms(spec, schema, response.get_json())
    path = url.split("?")[0].replace(FISH_SAUCE, "{slug}").replace(
        "htx-nong-san-moc-huong", "{slug}")
    assert path in spec["paths"]


def test_the_cursor_walks_every_published_product_once(client):
    seen, cursor = [], None
    for _ in range(100):
        query = f"/api/v1/products?limit=7{'&cursor=' + cursor if cursor else ''}"
        page = client.get(query).get_json()
        seen += [item["slug"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    published = db.session.scalar(sa.select(sa.func.count(Product.id)).where(
        Product.status == ProductStatus.PUBLISHED))

    assert len(seen) == len(set(seen)) == published


def test_filters_narrow_like_the_catalogue(client):
    five = client.get("/api/v1/products?stars=5&limit=100").get_json()["items"]
    food = client.get("/api/v1/products?category=food&limit=100").get_json()["items"]

    assert five and all(item["ocop_stars"] == 5 for item in five)
    assert food and all(item["category"] in {"fresh-produce", "raw-processed",
                                              "processed-food", "spices-condiments"}
                        for item in food)


def test_search_results_page_by_cursor_in_ranking_order(client):
    everything = client.get("/api/v1/search?q=mat+ong&limit=100").get_json()
    assert everything["total"] >= 3 and everything["next_cursor"] is None
    seen, cursor = [], ""
    while True:
        page = client.get(f"/api/v1/search?q=mat+ong&limit=2{cursor}").get_json()
        seen += [item["slug"] for item in page["items"]]
        if page["next_cursor"] is None:
            break
        cursor = f"&cursor={page['next_cursor']}"
    assert seen == [item["slug"] for item in everything["items"]]
    past = client.get("/api/v1/search?q=mat+ong&cursor=999999999999").get_json()
    assert past["items"] == [] and past["next_cursor"] is None
    assert client.get("/api/v1/search?q=mat+ong&cursor=abc").status_code == 400


def test_filters_that_match_nothing_give_an_empty_list(client):
    blank = client.get("/api/v1/search?q=%1D%20").get_json()
    assert blank["items"] == [] and blank["total"] == 0
    for query in ("price_min=900000&price_max=1000", "producer=no-such-producer",
                  "cursor=999999999999"):  # past any 32-bit id (PostgreSQL found it)
        page = client.get(f"/api/v1/products?{query}").get_json()

        assert page == {"items": [], "next_cursor": None}, query


def test_an_unchanged_answer_is_a_304(client):
    first = client.get(f"/api/v1/products/{FISH_SAUCE}")

    again = client.get(f"/api/v1/products/{FISH_SAUCE}",
                       headers={"If-None-Match": first.headers["ETag"]})

    assert "max-age=60" in first.headers["Cache-Control"]
    assert again.status_code == 304 and again.data == b""


@pytest.mark.parametrize(("url", "status", "words"), [
    ("/api/v1/products?lang=fr", 400, "lang must be one of"),
    ("/api/v1/products?limit=0", 400, "limit must be"),
    ("/api/v1/products?cursor=%%%", 400, "cursor"),
    ("/api/v1/products?cursor=bm9wZQ", 400, "cursor"),
    ("/api/v1/products?stars=9", 400, "stars"),
    ("/api/v1/products?category=nowhere", 400, "category"),
    ("/api/v1/products?q=mat+ong", 400, "/api/v1/search"),
    ("/api/v1/search", 400, "q is required"),
    ("/api/v1/products/no-such-thing", 404, ""),
    ("/api/v1/producers/no-such-producer", 404, ""),
])
def test_bad_requests_get_a_problem_document(client, spec, url, status, words):
    response = client.get(url, headers={"Accept-Language": "en"})

    assert response.status_code == status
    assert response.mimetype == "application/problem+json"
    conforms(spec, "Problem", response.get_json())
    assert words in response.get_json().get("detail", "")


def test_drafts_and_unverified_producers_stay_out(client):
    draft = factories.make_product(published=False)
    hidden = factories.make_producer("HTX Ẩn")
    hidden.verified_at = None

    assert client.get(f"/api/v1/products/{draft.slug}").status_code == 404
    assert client.get(f"/api/v1/producers/{hidden.slug}").status_code == 404
    slugs = [p["slug"] for p in client.get("/api/v1/producers?limit=100").get_json()["items"]]
    assert hidden.slug not in slugs


def test_the_api_is_rate_limited_with_retry_after(client, app, monkeypatch):
    monkeypatch.setitem(app.config, "RATELIMIT_API", "3 per minute")

    answers = [client.get("/api/v1/categories") for _ in range(4)]

    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert int(answers[-1].headers["Retry-After"]) > 0
    assert answers[-1].mimetype == "application/problem+json"


def test_the_reference_page_documents_every_path(client, spec):
    html = client.get("/api/v1/docs").get_data(as_text=True)

    for path in spec["paths"]:
        assert f"GET {path}" in html
