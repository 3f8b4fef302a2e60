"""Search results for real queries against the sample catalogue, in both languages."""

import pytest
import sqlalchemy as sa

from storefront.catalog.filters import CatalogueFilters
from storefront.catalog.models import Product
from storefront.clock import today
from storefront.extensions import db
from storefront.search.queries import search_catalogue


def search(q: str, lang: str = "vi", **filters):
    filters.setdefault("sort", "relevance")
    return search_catalogue(CatalogueFilters(q=q, **filters), lang, today(), 24)


def names(result, lang: str = "vi") -> list[str]:
    return [product.text(lang).name for product in result.products]


@pytest.mark.parametrize(
    ("query", "lang", "expected_first_words"),
    [
        ("nuoc mam", "vi", "Nước mắm"),
        ("NƯỚC MẮM", "vi", "Nước mắm"),
        ("nươc mam", "vi", "Nước mắm"),
        ("mat ong", "vi", "Mật ong"),
        ("khoai deo", "vi", "Khoai deo"),
        ("fish sauce", "en", None),
        ("chopsticks", "en", None),
        ("chopstick", "en", None),
    ],
)
def test_right_products_come_first(query, lang, expected_first_words):
    result = search(query, lang)
    assert result.total > 0 and not result.approximate
    if expected_first_words:
        top = names(result, lang)[:2]
        assert all(name.startswith(expected_first_words) for name in top), top
    else:
        assert query.rstrip("s") in names(result, lang)[0].lower()


def test_english_words_find_english_names():
    assert names(search("chopsticks", "en"), "en")[0] == "Quảng Thủy Táu Wood Chopsticks, 10 Pairs"


def test_a_typo_finds_honey_and_suggests_the_right_word():
    result = search("honney", "en")
    assert result.approximate
    assert result.suggestion == "honey"
    assert "Honey" in names(result, "en")[0]


def test_typo_tolerance_stays_off_when_exact_words_find_enough():
    result = search("nuoc mam")
    assert not result.approximate and result.suggestion is None


def test_both_tone_placements_of_a_district_find_its_products():
    first = search("Lệ Thuỷ")
    second = search("lệ thủy")
    assert [p.id for p in first.products] == [p.id for p in second.products]
    assert {p.origin_district.slug for p in first.products[:5]} == {"le-thuy"}


def test_producer_names_are_searchable():
    result = search("Mộc Hương")
    assert {p.producer.slug for p in result.products[:2]} == {"htx-nong-san-moc-huong"}


def test_district_names_are_searchable():
    result = search("bo trach")
    assert result.total >= 10
    assert all(p.origin_district.slug == "bo-trach" for p in result.products[:10])


def test_words_combine_with_and():
    both = {p.id for p in search("mat ong rung").products}
    honey = {p.id for p in search("mat ong").products}
    assert both and both <= honey


def test_name_match_ranks_above_a_story_mention():
    result = search("tieu", "vi")  # pepper (tiêu) in names; mentioned in other stories
    assert names(result)[0].startswith(("Tiêu", "Hồ tiêu"))


def test_phrase_and_prefix_queries():
    phrase = search('"nuoc mam chay"')
    assert names(phrase) == ["Nước mắm chay Mộc Hương 500 ml"]
    prefix = search("khoa*")
    assert any(name.startswith("Khoai deo") for name in names(prefix))


def test_snippets_highlight_matched_words_and_stay_escaped():
    result = search("mat ong")
    snippet = result.snippets[result.products[0].id]
    assert '<mark class="hl' in snippet and "Mật</mark>" in snippet


def test_facets_combine_with_the_query():
    everything = search("nuoc mam")
    coastal = search("nuoc mam", district="quang-ninh")
    assert 0 < coastal.total < everything.total
    assert all(p.origin_district.slug == "quang-ninh" for p in coastal.products)
    district = next(d for d in everything.facets.districts if d.value == "quang-ninh")
    assert district.count == coastal.total


def test_facet_counts_equal_a_database_count():
    result = search("mat ong")
    ids = [p.id for p in result.products]
    rows = db.session.execute(
        sa.select(Product.stars, sa.func.count()).where(
            Product.id.in_(ids), Product.stars_valid_until >= today()).group_by(Product.stars)
    ).all()
    assert {f.value: f.count for f in result.facets.stars if f.count} == {
        str(stars): count for stars, count in rows}
    in_stock = db.session.scalar(sa.select(sa.func.count()).where(Product.id.in_(ids),
                                                                  Product.stock > 0))
    assert result.facets.in_stock_count == in_stock


@pytest.mark.parametrize("sort", ["price_asc", "price_desc", "newest", "stars", "name"])
def test_search_results_sort(sort):
    result = search("mat ong", sort=sort)
    prices = [p.price_vnd for p in result.products]
    if sort == "price_asc":
        assert prices == sorted(prices)
    if sort == "price_desc":
        assert prices == sorted(prices, reverse=True)
    if sort == "name":
        sort_names = [p.text("vi").sort_name for p in result.products]
        assert sort_names == sorted(sort_names)
    assert len(result.products) == result.total


def test_search_page_in_both_languages(client):
    vi = client.get("/vi/products?q=nuoc+mam")
    en = client.get("/en/products?q=fish+sauce")
    assert vi.status_code == en.status_code == 200
    assert "Nước mắm chay Mộc Hương" in vi.get_data(as_text=True)
    assert "Fish Sauce" in en.get_data(as_text=True)
    assert 'value="relevance" selected' in en.get_data(as_text=True)


def test_search_page_offers_did_you_mean(client):
    html = client.get("/en/products?q=honney").get_data(as_text=True)
    assert "Did you mean" in html and "q=honey" in html


def test_search_page_empty_result(client):
    response = client.get("/vi/products?q=xyzzyqq")
    assert response.status_code == 200
    assert "Không có sản phẩm nào khớp" in response.get_data(as_text=True)


def test_query_text_is_escaped(client):
    html = client.get("/en/products?q=%3Cscript%3Ealert(1)%3C/script%3E").get_data(as_text=True)
    assert "<script>alert(1)" not in html and "&lt;script&gt;" in html


def test_search_page_query_count_is_constant(app, client, count_queries):
    counts = {}
    for size in (4, 24):
        app.config["CATALOGUE_PAGE_SIZE"] = size
        client.get("/vi/products?q=nuoc")
        with count_queries() as counter:
            client.get("/vi/products?q=nuoc")
        counts[size] = counter.count
    app.config["CATALOGUE_PAGE_SIZE"] = 24
    assert counts[4] == counts[24]


def test_suggest_api(client):
    response = client.get("/api/v1/suggest?q=mat+o&lang=vi")
    assert response.status_code == 200
    data = response.json
    assert data["query"] == "mat o"
    assert 0 < len(data["suggestions"]) <= 8
    first = data["suggestions"][0]
    assert set(first) == {"kind", "label", "url"}
    assert any(s["label"].startswith("Mật ong") for s in data["suggestions"])


def test_suggest_api_answers_in_english_and_links_categories(client):
    data = client.get("/api/v1/suggest?q=bev&lang=en").json
    assert data["suggestions"][0] == {"kind": "category", "label": "Beverages",
                                      "url": "/en/products?category=beverages"}


def test_suggest_api_rejects_bad_input_as_problem_json(client):
    response = client.get("/api/v1/suggest?q=x&lang=fr", headers={"Accept-Language": "en"})
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"
    assert "lang must be one of" in response.json["detail"]
    assert client.get("/api/v1/suggest?q=&lang=vi").json["suggestions"] == []
