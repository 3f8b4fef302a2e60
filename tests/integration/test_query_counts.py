"""List pages issue a fixed number of SQL queries, whatever the page size (no N+1)."""

import pytest

PAGE_SIZES = {"CATALOGUE_PAGE_SIZE": 24, "PRODUCERS_PAGE_SIZE": 24, "HOME_FEATURED_COUNT": 8}


@pytest.mark.parametrize(
    "url",
    ["/en/products", "/vi/products?category=food&in_stock=1", "/en/products?sort=name",
     "/en/", "/vi/producers"],
)
def test_query_count_does_not_grow_with_page_size(app, client, count_queries, url):
    counts = {}
    for size in (4, 24):
        for key in PAGE_SIZES:
            app.config[key] = size
        client.get(url)  # warm caches (translations, templates) before counting
        with count_queries() as counter:
            assert client.get(url).status_code == 200
        counts[size] = counter.count
    for key, default in PAGE_SIZES.items():
        app.config[key] = default
    assert counts[4] == counts[24], counts


def test_catalogue_page_query_budget(app, client, count_queries):
    # categories + their texts, districts; total, page ids, the 24 products with texts,
    # images, wholesale tiers and producer texts; seven facet queries and the facet
    # producers' names.
    with count_queries() as counter:
        client.get("/en/products")
    assert counter.count <= 18, counter.statements


def test_the_office_listings_queue_reads_a_fixed_number_of_queries(app, count_queries):
    import sqlalchemy as sa

    from storefront.catalog.models import Product
    from storefront.extensions import db
    from tests import factories
    from tests.web import sign_in

    office = app.test_client()
    sign_in(office, factories.make_user("admin"))
    products = db.session.scalars(sa.select(Product).order_by(Product.id).limit(12)).all()
    counts = {}
    for waiting in (products[:3], products[3:]):
        for product in waiting:
            factories.make_name_change(product, f"Tên mới {product.id}")
        office.get("/en/admin/listings")
        with count_queries() as counter:
            assert office.get("/en/admin/listings").status_code == 200
        counts[len(waiting)] = counter.count
    assert counts[3] == counts[9], counts


def test_home_collections_and_events_read_a_fixed_number_of_queries(client, count_queries):
    from tests import factories

    slugs = ("nuoc-mam-chay-moc-huong-500ml", "dua-go-tau-quang-thuy-10-doi")
    counts = []
    for round_number in range(2):
        for n in range(3):  # each round adds collections and events
            factories.make_collection(slugs=slugs, title=f"Bộ sưu tập {round_number}-{n}")
            factories.make_event(name=f"Hội chợ {round_number}-{n}", days_from_now=n + 1)
        client.get("/en/")
        with count_queries() as counter:
            assert client.get("/en/").status_code == 200
            assert client.get("/en/events").status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1], counts
