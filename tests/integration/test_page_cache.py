"""Shared pages: rendered without cookies for visitors who carry none, revalidated with
ETags, kept on the server until the outbox says something they show has changed."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import sqlalchemy as sa
from flask import session

from storefront import page_cache
from storefront.cart.models import Cart
from storefront.extensions import db
from storefront.page_cache import pages, stores
from tests import factories
from tests.web import CSRF, sign_in

PRODUCT = "/en/products/nuoc-mam-chay-moc-huong-500ml"
SHARED_PAGES = [
    "/vi/",
    "/en/products",
    "/en/products?stars=4&category=food",
    "/vi/products?q=mat+ong",
    PRODUCT,
    "/en/producers",
    "/vi/producers/htx-nong-san-moc-huong",
    "/en/events",
]


@pytest.fixture
def kept(app):
    """The server-side store switched on (tests run with it off: see tests/conftest.py)."""
    app.config["PAGE_CACHE_SECONDS"] = 300
    app.extensions["page_cache_generation"].forget()
    store = page_cache.store()
    store.clear()
    yield store
    store.clear()
    app.config["PAGE_CACHE_SECONDS"] = 0
    app.config["PAGE_CACHE_GENERATION_SECONDS"] = 0
    app.extensions["page_cache_generation"].forget()


@pytest.mark.parametrize("path", SHARED_PAGES)
def test_anonymous_pages_set_no_cookie_and_revalidate_with_an_etag(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers.getlist("Set-Cookie") == []
    assert response.headers["Cache-Control"] == "public, max-age=60"
    assert "Cookie" in response.headers["Vary"]
    etag = response.headers["ETag"]
    again = client.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""


def test_visitors_with_a_cookie_get_private_pages_with_their_own_token(client):
    client.set_cookie("cart", "someone-elses-cart")
    response = client.get(PRODUCT)
    assert "public" not in response.headers.get("Cache-Control", "")
    assert "X-Page-Cache" not in response.headers
    assert CSRF.search(response.get_data(as_text=True))  # their own, in their session


def test_signed_in_buyers_never_get_a_shared_page(client):
    sign_in(client, factories.make_user())
    response = client.get("/en/")
    assert "public" not in response.headers.get("Cache-Control", "")
    assert "X-Page-Cache" not in response.headers


def test_a_shared_page_carries_no_csrf_token(client):
    html = client.get(PRODUCT).get_data(as_text=True)
    assert 'name="csrf_token" value=""' in html
    assert CSRF.search(html) is None


@pytest.mark.parametrize("path", SHARED_PAGES)
def test_kept_pages_are_served_from_the_store(client, kept, path):
    first = client.get(path)
    second = client.get(path)
    assert first.headers["X-Page-Cache"] == "miss"
    assert second.headers["X-Page-Cache"] == "hit"
    assert second.data == first.data and second.headers["ETag"] == first.headers["ETag"]
    assert second.headers.getlist("Set-Cookie") == []


def test_a_hit_costs_one_query_or_none(app, client, kept, count_queries):
    client.get(PRODUCT)
    with count_queries() as counter:
        assert client.get(PRODUCT).headers["X-Page-Cache"] == "hit"
    assert counter.count == 1  # the outbox mark
    app.config["PAGE_CACHE_GENERATION_SECONDS"] = 60  # production reuses it for a second
    client.get(PRODUCT)
    with count_queries() as counter:
        assert client.get(PRODUCT).headers["X-Page-Cache"] == "hit"
    assert counter.count == 0


def test_a_hit_answers_like_flask_would(client, kept):
    first = client.get(PRODUCT, headers={"X-Request-ID": "visitor-request-1"})
    hit = client.get(PRODUCT, headers={"X-Request-ID": "visitor-request-2"})
    assert hit.headers["X-Page-Cache"] == "hit"
    assert hit.headers["X-Request-ID"] == "visitor-request-2"
    for header in ("Content-Security-Policy", "X-Content-Type-Options", "Content-Type",
                   "Cache-Control", "ETag", "Vary"):
        assert hit.headers[header] == first.headers[header], header
    assert int(hit.headers["Content-Length"]) == len(hit.data) == len(first.data)
    head = client.head(PRODUCT)
    assert head.status_code == 200 and head.data == b""
    again = client.get(PRODUCT, headers={"If-None-Match": hit.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["X-Page-Cache"] == "hit"


def test_a_changed_product_is_shown_at_once(client, kept):
    client.get(PRODUCT)
    product = factories.product_by_slug("nuoc-mam-chay-moc-huong-500ml")
    product.text("en").name = "Renamed fish sauce"
    db.session.commit()
    response = client.get(PRODUCT)
    assert response.headers["X-Page-Cache"] == "miss"
    assert "Renamed fish sauce" in response.get_data(as_text=True)


def test_a_sale_changes_the_kept_product_page(client, kept):
    """Stock moves by conditional UPDATEs; they write their outbox rows by a signal."""
    client.get(PRODUCT)
    factories.make_order(items=(("nuoc-mam-chay-moc-huong-500ml", 3),))
    db.session.commit()
    assert client.get(PRODUCT).headers["X-Page-Cache"] == "miss"


def test_a_new_collection_reaches_the_kept_home_page(client, kept):
    assert "Quà Tết đặc biệt" not in client.get("/vi/").get_data(as_text=True)
    factories.make_collection(title="Quà Tết đặc biệt")
    db.session.commit()
    assert "Quà Tết đặc biệt" in client.get("/vi/").get_data(as_text=True)


def test_a_new_event_reaches_the_kept_events_page(client, kept):
    client.get("/vi/events")
    factories.make_event(name="Hội chợ thử nghiệm")
    db.session.commit()
    assert "Hội chợ thử nghiệm" in client.get("/vi/events").get_data(as_text=True)


def test_a_new_day_makes_new_keys(client, kept, monkeypatch):
    """Collections and events start and end by Vietnam's calendar, not by a write."""
    client.get("/vi/")
    tomorrow = pages.today() + dt.timedelta(days=1)
    monkeypatch.setattr(pages, "today", lambda: tomorrow)
    assert client.get("/vi/").headers["X-Page-Cache"] == "miss"


def test_a_render_that_writes_the_session_is_not_shared(app, client, kept, monkeypatch):
    original = app.view_functions["catalog.producers"]

    @page_cache.shared_page
    def personal():
        session["seen"] = True
        return original()

    monkeypatch.setitem(app.view_functions, "catalog.producers", personal)
    response = client.get("/en/producers")
    assert "X-Page-Cache" not in response.headers
    assert "public" not in response.headers.get("Cache-Control", "")
    assert client.get("/en/producers").headers.get("X-Page-Cache") is None


def test_errors_are_not_kept(client, kept):
    assert client.get("/en/products/no-such-product").status_code == 404
    assert client.get("/en/products/no-such-product").headers.get("X-Page-Cache") is None


def _carts() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Cart))


def test_without_javascript_a_shared_page_adds_to_the_cart_after_confirming(client):
    product = factories.product_by_slug("nuoc-mam-chay-moc-huong-500ml")
    carts = _carts()
    form = {"product_id": product.id, "quantity": 2, "csrf_token": "", "next": PRODUCT}
    confirm = client.post("/en/cart/add", data=form)
    page = confirm.get_data(as_text=True)
    assert confirm.status_code == 200 and "Add to your cart?" in page
    assert "2 × " in page
    assert _carts() == carts  # nothing added yet
    token = CSRF.search(page).group(1)
    added = client.post("/en/cart/add", data={**form, "csrf_token": token},
                        headers={"Referer": "https://localhost/en/cart/add"})
    assert added.status_code == 302 and added.headers["Location"] == PRODUCT
    assert _carts() == carts + 1
    cart_page = client.get("/en/cart").get_data(as_text=True)
    assert re.search(r'data-cart-count[^>]*>2<', cart_page)


def test_with_javascript_the_form_asks_for_a_token_first(client):
    product = factories.product_by_slug("nuoc-mam-chay-moc-huong-500ml")
    json = {"Accept": "application/json", "Referer": f"https://localhost{PRODUCT}"}
    refused = client.post("/en/cart/add", data={"product_id": product.id, "quantity": 1},
                          headers=json)
    assert refused.status_code == 400 and refused.json["ok"] is False
    token = client.get("/en/cart/token")
    assert token.headers["Cache-Control"] == "no-store"
    added = client.post("/en/cart/add", headers=json, data={
        "product_id": product.id, "quantity": 1, "csrf_token": token.json["csrf_token"]})
    assert added.status_code == 200 and added.json == {
        "ok": True, "message": "Added to your cart.", "quantity": 1}


def test_a_token_from_another_visitor_does_not_add(client, app):
    stranger = app.test_client()
    token = stranger.get("/en/cart/token").json["csrf_token"]
    product = factories.product_by_slug("nuoc-mam-chay-moc-huong-500ml")
    carts = _carts()
    response = client.post("/en/cart/add", data={
        "product_id": product.id, "quantity": 1, "csrf_token": token})
    assert response.status_code == 200 and b"Add to your cart?" in response.data
    assert _carts() == carts


def test_the_memory_store_keeps_within_its_budget_and_expires_entries(monkeypatch):
    clock = [100.0]
    monkeypatch.setattr(stores.time, "monotonic", lambda: clock[0])
    store = page_cache.MemoryStore(max_bytes=10)
    store.set("a", b"12345", 60)
    store.set("b", b"12345", 60)
    store.get("a")  # a is now the most recently used
    store.set("c", b"12345", 60)
    assert store.get("b") is None and store.get("a") and store.get("c")
    store.set("huge", b"x" * 11, 60)
    assert store.get("huge") is None
    clock[0] += 61
    assert store.get("a") is None


def test_a_redis_outage_is_a_miss_not_an_error(app):
    store = page_cache.RedisStore("redis://127.0.0.1:1/0")
    store.set("page:1", b"<p>hi</p>", 60)
    assert store.get("page:1") is None


def test_pages_kept_in_redis_are_shared_by_every_worker(app, client, kept):
    """With REDIS_URL set, another process (another app here) finds the same entries."""
    import redis

    url = "redis://127.0.0.1:6379/15"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=0.2).ping()
    except redis.RedisError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    shared = page_cache.RedisStore(url)
    shared.clear()
    app.extensions["page_cache"] = shared
    try:
        first = client.get(PRODUCT)
        other_worker = page_cache.RedisStore(url)
        app.extensions["page_cache"] = other_worker
        second = client.get(PRODUCT)
        assert (first.headers["X-Page-Cache"], second.headers["X-Page-Cache"]) == ("miss", "hit")
        assert second.data == first.data
    finally:
        shared.clear()
        app.extensions.pop("page_cache")


def test_visitors_with_a_cart_share_the_catalogue_counts(client, kept, count_queries):
    client.set_cookie("cart", "their-own-cart")
    path = "/en/products?in_stock=1"
    with count_queries() as cold:
        first = client.get(path).get_data(as_text=True)
    with count_queries() as warm:
        second = client.get(path).get_data(as_text=True)
    assert warm.count <= cold.count - 7  # the total, the page's ids, five facet counts
    assert "X-Page-Cache" not in client.get(path).headers  # the page itself is theirs
    assert _facet_count(second, "In stock only") == _facet_count(first, "In stock only")


def test_remembered_counts_follow_a_change(client, kept):
    client.set_cookie("cart", "their-own-cart")
    before = _facet_count(client.get("/en/products").get_data(as_text=True), "In stock only")
    product = factories.product_by_slug("nuoc-mam-chay-moc-huong-500ml")
    product.stock = 0
    db.session.commit()
    after = _facet_count(client.get("/en/products").get_data(as_text=True), "In stock only")
    assert after == before - 1


def test_related_products_and_home_counts_are_remembered(client, kept, count_queries):
    client.set_cookie("cart", "their-own-cart")
    for path in (PRODUCT, "/en/"):
        with count_queries() as cold:
            client.get(path)
        with count_queries() as warm:
            client.get(path)
        assert warm.count < cold.count, path


def test_only_reading_requests_share_remembered_values(app):
    calls = []
    with app.test_request_context("/en/products", method="POST"):
        for _ in range(2):
            page_cache.remembered("test", (), lambda: calls.append(1) or len(calls))
    assert calls == [1, 1]


def _facet_count(html: str, label: str) -> int:
    match = re.search(re.escape(label) + r"\D*?(\d+)", html)
    assert match, label
    return int(match.group(1))


def test_remembered_search_results_follow_a_change(client, kept):
    client.set_cookie("cart", "their-own-cart")
    search = "/en/products?q=zanzibar"
    assert "nuoc-mam-chay-moc-huong-500ml" not in client.get(search).get_data(as_text=True)
    product = factories.product_by_slug("nuoc-mam-chay-moc-huong-500ml")
    product.text("en").name = "Zanzibar fish sauce"
    db.session.commit()
    assert "nuoc-mam-chay-moc-huong-500ml" in client.get(search).get_data(as_text=True)


def test_a_change_committed_out_of_id_order_still_moves_the_generation(app):
    """Outbox ids are taken when a transaction writes, not when it commits: a change with
    a lower id that commits last must still make new keys."""
    from storefront.search import outbox
    from storefront.search.models import SearchOutbox

    newest = outbox.position()
    db.session.add(SearchOutbox(id=newest + 2, entity="product", entity_id=1))
    db.session.flush()
    before = outbox.change_mark()
    db.session.add(SearchOutbox(id=newest + 1, entity="product", entity_id=2))
    db.session.flush()
    assert outbox.position() == newest + 2
    assert outbox.change_mark() != before


def test_a_page_is_kept_under_the_mark_read_before_it_rendered(app, client, kept,
                                                                monkeypatch):
    """A change committing while the page renders must not hide under the newer mark."""
    marks = iter(["lookup", "start", "moved-during-render", "end"])
    generation = app.extensions["page_cache_generation"]
    monkeypatch.setattr(generation, "_read", lambda: next(marks))
    original = app.view_functions["catalog.product"]

    @page_cache.shared_page
    def product_while_a_change_commits(**values):
        generation.forget()
        generation.recent()  # the outbox moves on while the page renders
        return original(**values)

    monkeypatch.setitem(app.view_functions, "catalog.product", product_while_a_change_commits)
    client.get(PRODUCT)
    path = "/en/products/nuoc-mam-chay-moc-huong-500ml"
    assert kept.get(pages.page_key("start", path, "")) is not None
    assert kept.get(pages.page_key("moved-during-render", path, "")) is None
