"""The office's reports: figures equal direct database aggregates on a generated data set,
dates are Vietnam's, filters and CSV files work, bad input warns, only the office gets in."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
import sqlalchemy as sa

from storefront.catalog import services as catalog_services
from storefront.catalog.models import Category
from storefront.clock import LOCAL_TIMEZONE, today
from storefront.db import UTCDateTime
from storefront.extensions import db
from storefront.money import format_vnd
from storefront.orders import services as order_services
from storefront.orders.states import FulfilmentStatus
from storefront.quotes.states import QuoteStatus
from tests import factories
from tests.web import sign_in

RANGE = "since=2025-01-01&until=2025-03-31"
UTC = dt.UTC


def at(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


def local_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=LOCAL_TIMEZONE).astimezone(UTC)


@pytest.fixture
def office(client):
    sign_in(client, factories.make_user("admin"))
    return client


@pytest.fixture
def world():
    """Three products from three producers in three districts and groups, six orders
    around the edges of a January–March 2025 range, and four quote requests."""
    admin = factories.make_user("admin")
    fish = factories.make_product("Nước mắm Cảnh Dương", "Canh Duong fish sauce",
                                  producer=factories.make_producer("HTX Cảnh Dương", "quang-trach"),
                                  price_vnd=100_000, stock=50, stars=5)
    wine = factories.make_product("Rượu Tam Toà", "Tam Toa wine", category_slug="alcoholic-drinks",
                                  producer=factories.make_producer("HTX Tam Toà", "dong-hoi"),
                                  price_vnd=250_000, stock=50, stars=4)
    mat = factories.make_product("Chiếu cói", "Sedge mat", category_slug="handicrafts",
                                 producer=factories.make_producer("Tổ hợp tác Cói", "minh-hoa"),
                                 price_vnd=40_000, stock=50)

    def order(when, *items):
        placed = factories.make_order(items=[(p.slug, n) for p, n in items])
        placed.created_at = when
        db.session.flush()
        return placed

    before = order(at(2024, 12, 31, 16, 59), (fish, 5))  # 23:59 on 31 Dec in Vietnam
    new_year = order(at(2024, 12, 31, 17, 0), (wine, 1))  # 00:00 on 1 Jan in Vietnam
    january = order(at(2025, 1, 15, 3, 0), (fish, 2), (wine, 1))
    february = order(at(2025, 1, 31, 18, 30), (mat, 3))  # 1 February, 01:30 in Vietnam
    march = order(at(2025, 3, 10, 2, 0), (fish, 1), (mat, 1))
    mat_part = next(f for f in march.fulfilments if f.producer_id == mat.producer_id)
    order_services.advance_fulfilment(mat_part, FulfilmentStatus.CANCELLED, admin)
    cancelled = order(at(2025, 3, 11, 2, 0), (wine, 2))
    order_services.cancel_order(cancelled, admin, label="office", note="test")
    after = order(at(2025, 3, 31, 17, 0), (wine, 4))  # 1 April in Vietnam

    distributor = factories.make_user("distributor", verified_distributor=True)
    quotes = []
    for when in (at(2025, 1, 5), at(2025, 1, 20), at(2025, 2, 27, 18, 0), at(2025, 4, 2)):
        request = factories.make_quote_request(distributor)
        request.created_at = when
        quotes.append(request)
    quotes[0].order_id, quotes[0].status = january.id, QuoteStatus.ORDERED
    db.session.flush()
    return {"fish": fish, "wine": wine, "mat": mat, "orders": [before, new_year, january,
            february, march, cancelled, after], "quotes": quotes}


# -- direct aggregates, written in plain SQL -----------------------------------------------

SOLD = """
    FROM order_lines ol
    JOIN fulfilments f ON f.id = ol.fulfilment_id
    JOIN orders o ON o.id = ol.order_id
    LEFT JOIN products p ON p.id = ol.product_id
    LEFT JOIN categories c ON c.id = p.category_id
    WHERE f.status <> 'cancelled' AND o.cancelled_at IS NULL
      AND o.created_at >= :start AND o.created_at < :end
"""


def direct(sql: str, start: dt.date, end: dt.date, **params):
    """One row of ``sql`` for the days ``start`` to ``end`` included (Vietnam)."""
    statement = sa.text(sql).bindparams(sa.bindparam("start", type_=UTCDateTime()),
                                        sa.bindparam("end", type_=UTCDateTime()))
    return db.session.execute(statement, {"start": local_midnight(start),
                                          "end": local_midnight(end + dt.timedelta(days=1)),
                                          **params}).one()


def sold(start, end, extra: str = "", **params) -> tuple[int, int, int]:
    """(orders, units, revenue) of the lines sold, with an optional extra condition."""
    orders, units, revenue = direct(
        f"SELECT COUNT(DISTINCT o.id), COALESCE(SUM(ol.quantity), 0), "
        f"COALESCE(SUM(ol.quantity * ol.unit_price_vnd), 0) {SOLD} {extra}", start, end,
        **params)
    return int(orders), int(units), int(revenue)


def read_csv(response) -> list[dict]:
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.data.startswith(b"\xef\xbb\xbf")  # Excel reads it as UTF-8
    return list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))


def page(office, query: str = RANGE, lang: str = "en") -> str:
    response = office.get(f"/{lang}/admin/reports?{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def table_row(html: str, label: str) -> list[str]:
    """The cells of the table row headed ``label`` (the first such row)."""
    match = re.search(rf'<th scope="row">{re.escape(label)}</th>(.*?)</tr>', html, re.S)
    assert match, f"no row {label!r}"
    return [re.sub(r"<[^>]+>", "", cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>",
                                                               match.group(1), re.S)]


# -- sales ---------------------------------------------------------------------------------

def test_months_follow_vietnam_days_and_equal_direct_sums(office, world):
    rows = read_csv(office.get(f"/en/admin/reports/months.csv?{RANGE}"))
    assert [row["month"] for row in rows] == ["2025-01", "2025-02", "2025-03"]
    expected = {
        # the order of 00:00 on 1 January counts; the one of 23:59 on 31 December not
        "2025-01": (2, 700_000, 2, 1),  # 250 000 + 2 × 100 000 + 250 000
        "2025-02": (1, 120_000, 1, 0),  # placed at 18:30 UTC on 31 January
        "2025-03": (1, 100_000, 0, 0),  # the mat's part and a whole order were cancelled
    }
    for row in rows:
        month = dt.date.fromisoformat(row["month"] + "-01")
        last = (month + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        orders, _units, revenue = sold(month, last)
        quotes, ordered = direct(
            "SELECT COUNT(*), COUNT(order_id) FROM quote_requests "
            "WHERE created_at >= :start AND created_at < :end", month, last)
        assert (int(row["orders"]), int(row["revenue_vnd"]), int(row["quote_requests"]),
                int(row["quote_requests_ordered"])) == (orders, revenue, quotes, ordered)
        assert (orders, revenue, quotes, ordered) == expected[row["month"]]


def test_the_page_shows_the_monthly_figures_and_totals(office, world):
    html = page(office)
    assert table_row(html, "Jan 2025") == ["2", format_vnd(700_000, "en"), "2", "1"]
    assert table_row(html, "Feb 2025") == ["1", format_vnd(120_000, "en"), "1", "0"]
    assert table_row(html, "Mar 2025") == ["1", format_vnd(100_000, "en"), "0", "0"]
    assert table_row(html, "Total") == ["4", format_vnd(920_000, "en"), "3", "1"]
    assert "Dec 2024" not in html and "Apr 2025" not in html
    # the charts: an SVG image described by its figures
    assert html.count('role="img"') >= 10
    assert f"Total: {format_vnd(920_000, 'en')}." in html
    vietnamese = page(office, lang="vi")
    assert table_row(vietnamese, "02/2025")[1] == format_vnd(120_000, "vi")


def test_revenue_by_district_group_and_producer_equal_direct_sums(office, world):
    start, end = dt.date(2025, 1, 1), dt.date(2025, 3, 31)
    _, _, total = sold(start, end)
    assert total == 920_000

    by_district = {row["district"]: row for row in
                   read_csv(office.get(f"/en/admin/reports/revenue-by-district.csv?{RANGE}"))}
    assert len(by_district) == 8  # every district, with zeros
    for slug, row in by_district.items():
        _, units, revenue = sold(start, end, "AND p.origin_district_id = "
                                 "(SELECT id FROM districts WHERE slug = :slug)", slug=slug)
        assert (int(row["units"]), int(row["revenue_vnd"])) == (units, revenue), slug
    assert by_district["quang-trach"]["revenue_vnd"] == "300000"
    assert by_district["dong-hoi"]["revenue_vnd"] == "500000"
    assert by_district["minh-hoa"]["revenue_vnd"] == "120000"
    assert sum(int(row["revenue_vnd"]) for row in by_district.values()) == total

    by_group = {row["category"]: row for row in
                read_csv(office.get(f"/en/admin/reports/revenue-by-category.csv?{RANGE}"))}
    assert len(by_group) == 6
    for slug, row in by_group.items():
        _, units, revenue = sold(start, end, "AND COALESCE(c.parent_id, c.id) = "
                                 "(SELECT id FROM categories WHERE slug = :slug)", slug=slug)
        assert (int(row["units"]), int(row["revenue_vnd"])) == (units, revenue), slug
    assert [by_group[g]["revenue_vnd"] for g in ("food", "beverages", "souvenirs")] == [
        "300000", "500000", "120000"]
    assert by_group["food"]["name"] == "Food"

    by_producer = read_csv(office.get(f"/en/admin/reports/revenue-by-producer.csv?{RANGE}"))
    for row in by_producer:
        _, units, revenue = sold(start, end, "AND f.producer_id = "
                                 "(SELECT id FROM producers WHERE slug = :slug)",
                                 slug=row["producer"])
        assert (int(row["units"]), int(row["revenue_vnd"])) == (units, revenue)
    assert [row["revenue_vnd"] for row in by_producer] == ["500000", "300000", "120000"]
    assert by_producer[0]["name"].startswith("Test Cooperative")  # English names on /en/


def test_top_products_rank_revenue_and_units(office, world):
    rows = read_csv(office.get(f"/vi/admin/reports/top-products.csv?{RANGE}"))
    assert [(row["sku"], row["units"], row["revenue_vnd"]) for row in rows] == [
        (world["wine"].sku, "2", "500000"), (world["fish"].sku, "3", "300000"),
        (world["mat"].sku, "3", "120000")]
    assert rows[0]["product"] == world["wine"].text("vi").name  # Vietnamese, with its marks
    assert "Rượu Tam Toà" in rows[0]["product"]
    html = page(office)
    assert table_row(html, world["wine"].text("en").name) == [
        world["wine"].sku, "2", format_vnd(500_000, "en")]


def test_quotes_turned_into_orders(office, world):
    [row] = read_csv(office.get(f"/en/admin/reports/conversion.csv?{RANGE}"))
    requested, ordered = direct("SELECT COUNT(*), COUNT(order_id) FROM quote_requests "
                                "WHERE created_at >= :start AND created_at < :end",
                                dt.date(2025, 1, 1), dt.date(2025, 3, 31))
    assert (int(row["quote_requests"]), int(row["ordered"])) == (requested, ordered) == (3, 1)
    assert row["conversion_percent"] == "33.3"
    assert "33%" in page(office)


def test_the_range_filters_what_is_counted(office, world):
    rows = read_csv(office.get("/en/admin/reports/months.csv?since=2025-02-01&until=2025-02-28"))
    assert [(row["month"], row["orders"], row["revenue_vnd"]) for row in rows] == [
        ("2025-02", "1", "120000")]
    [row] = read_csv(office.get("/en/admin/reports/conversion.csv?since=2025-04-01"
                                "&until=2025-04-30"))
    assert (row["quote_requests"], row["ordered"]) == ("1", "0")
    html = page(office, "since=2025-02-01&until=2025-02-28")
    assert 'value="2025-02-01"' in html and 'value="2025-02-28"' in html
    assert table_row(html, "Total")[:2] == ["1", format_vnd(120_000, "en")]


def test_the_default_range_is_the_last_twelve_months(office):
    rows = read_csv(office.get("/en/admin/reports/months.csv"))
    assert len(rows) == 12
    assert rows[-1]["month"] == today().strftime("%Y-%m")
    assert f'value="{today().isoformat()}"' in page(office, "")


# -- products and certificates -------------------------------------------------------------

def test_products_by_stars_group_and_district_equal_direct_counts(office, world):
    day = today()
    lapsed = factories.make_product(stars=3, decision_date=day - dt.timedelta(days=3 * 366))
    assert not lapsed.shows_stars(day)
    stars = {row["stars"]: int(row["products"]) for row in
             read_csv(office.get("/en/admin/reports/stars.csv"))}
    for band in (3, 4, 5):
        (count,) = db.session.execute(sa.text(
            "SELECT COUNT(*) FROM products WHERE status = 'published' AND stars = :stars "
            "AND stars_valid_until >= :today"), {"stars": band, "today": day}).one()
        assert stars[str(band)] == count
    (published,) = db.session.execute(sa.text(
        "SELECT COUNT(*) FROM products WHERE status = 'published'")).one()
    assert stars["none"] == published - stars["3"] - stars["4"] - stars["5"]
    assert stars["none"] >= 2  # the mat, and the product whose certificate lapsed

    groups = read_csv(office.get("/en/admin/reports/categories.csv"))
    assert len(groups) == 6
    for row in groups:
        (count,) = db.session.execute(sa.text(
            "SELECT COUNT(*) FROM products p JOIN categories c ON c.id = p.category_id "
            "JOIN categories g ON g.id = COALESCE(c.parent_id, c.id) "
            "WHERE p.status = 'published' AND g.slug = :slug"), {"slug": row["category"]}).one()
        assert int(row["products"]) == count, row
    assert sum(int(row["products"]) for row in groups) == published
    beverages = next(row for row in groups if row["category"] == "beverages")
    # the wine is in a subgroup ("alcoholic-drinks") and counts in its group
    world["wine"].category = db.session.scalar(
        sa.select(Category).where(Category.slug == "herbal-medicines"))
    db.session.flush()
    moved = read_csv(office.get("/en/admin/reports/categories.csv"))
    assert int(next(r for r in moved if r["category"] == "beverages")["products"]) == (
        int(beverages["products"]) - 1)

    districts = read_csv(office.get("/en/admin/reports/districts.csv"))
    assert len(districts) == 8
    for row in districts:
        (count,) = db.session.execute(sa.text(
            "SELECT COUNT(*) FROM products p JOIN districts d ON d.id = p.origin_district_id "
            "WHERE p.status = 'published' AND d.slug = :slug"), {"slug": row["district"]}).one()
        assert int(row["products"]) == count, row

    html = page(office, "")
    assert table_row(html, "No valid certificate") == [str(stars["none"])]
    assert table_row(html, "5 stars") == [str(stars["5"])]


def test_certificates_ending_within_90_days(office):
    day = today()
    ending = factories.make_product("Kẹo gừng", "Ginger candy", stars=4,
                                    decision_date=_decided_for(day + dt.timedelta(days=30)))
    later = factories.make_product(stars=3,
                                   decision_date=_decided_for(day + dt.timedelta(days=120)))
    revoked = factories.make_product(stars=3,
                                     decision_date=_decided_for(day + dt.timedelta(days=20)))
    catalog_services.revoke_certificate(revoked.certificates[0], "Vi phạm")
    renewed = factories.make_product(stars=3,
                                     decision_date=_decided_for(day + dt.timedelta(days=10)))
    catalog_services.record_certificate(
        renewed, stars=4, score=80, decision_number="99/QĐ-UBND", decision_date=day,
        issuing_level="province", issuing_body="UBND tỉnh Quảng Bình")
    db.session.flush()

    rows = read_csv(office.get("/vi/admin/reports/expiring-certificates.csv"))
    skus = {row["sku"] for row in rows}
    assert ending.sku in skus
    assert not skus & {later.sku, revoked.sku, renewed.sku}
    [mine] = [row for row in rows if row["sku"] == ending.sku]
    valid_until = ending.certificates[0].valid_until
    assert (mine["stars"], mine["valid_until"], mine["days_left"]) == (
        "4", valid_until.isoformat(), str((valid_until - day).days))
    assert mine["product"].startswith("Kẹo gừng")
    direct_rows = db.session.execute(sa.text(
        "SELECT p.sku FROM certificates c JOIN products p ON p.id = c.product_id "
        "WHERE c.revoked_at IS NULL AND c.decision_date <= :today "
        "AND c.valid_until BETWEEN :today AND :limit AND NOT EXISTS ("
        "  SELECT 1 FROM certificates n WHERE n.product_id = c.product_id AND "
        "  (n.decision_date > c.decision_date OR (n.decision_date = c.decision_date "
        "   AND n.id > c.id)))"),
        {"today": day, "limit": day + dt.timedelta(days=90)}).scalars().all()
    assert skus == set(direct_rows)
    html = page(office, "", lang="en")
    assert ending.text("en").name in html


def _decided_for(valid_until: dt.date) -> dt.date:
    """A decision date whose 36-month certificate ends around ``valid_until``."""
    return valid_until - dt.timedelta(days=3 * 365 + 1)


# -- input, exports, access, cost ----------------------------------------------------------

@pytest.mark.parametrize("query", [
    "since=2025-13-45", "until=yesterday", "since=0001-01-01", "since=2025-1-5",
    "since=%00%FF", "since=" + "9" * 500,
])
def test_bad_dates_warn_and_use_the_default(office, query):
    html = page(office, query)
    assert "is not a date; that filter was ignored." in html
    assert f'value="{today().isoformat()}"' in html  # the default end
    assert office.get(f"/en/admin/reports/months.csv?{query}").status_code == 200


def test_a_start_after_the_end_warns(office):
    html = page(office, "since=2025-05-01&until=2025-01-01")
    assert "The start date is after the end date" in html
    assert 'class="notice notice--warning"' in html
    assert 'value="2025-05-01"' not in html
    vietnamese = page(office, "since=abc", lang="vi")
    assert "notice--warning" in vietnamese


def test_a_very_long_range_is_cut_to_ten_years(office):
    html = page(office, "since=2001-01-01&until=2025-03-31")
    assert "Reports cover at most 10 years" in html
    assert len(read_csv(office.get("/en/admin/reports/months.csv?since=2001-01-01"
                                   "&until=2025-03-31"))) == 120


def test_every_report_downloads_and_unknown_ones_are_not_found(office, world):
    from storefront.reports.exports import REPORTS

    html = page(office)
    for name in REPORTS:
        response = office.get(f"/en/admin/reports/{name}.csv?{RANGE}")
        read_csv(response)
        assert f"ocop-{name}-2025-01-01-2025-03-31.csv" in response.headers[
            "Content-Disposition"]
        # each report on the page links to its file, for the same period
        assert f"/en/admin/reports/{name}.csv?since=2025-01-01&amp;until=2025-03-31" in html
    assert office.get("/en/admin/reports/secrets.csv").status_code == 404
    assert office.get("/en/admin/reports/stars.json").status_code == 404


def test_names_that_look_like_formulas_are_not_run_by_spreadsheets(office):
    product = factories.make_product("=HYPERLINK(\"x\")", "=HYPERLINK(\"x\")")
    factories.make_order(items=[(product.slug, 1)])
    rows = read_csv(office.get("/en/admin/reports/top-products.csv"))
    assert rows[0]["product"].startswith("'=HYPERLINK")


@pytest.mark.parametrize("url", ["/en/admin/reports", "/vi/admin/reports/months.csv"])
def test_only_the_office_sees_reports(app, client, url):
    anonymous = app.test_client()
    response = anonymous.get(url)
    assert response.status_code == 302 and "/account/login" in response.headers["Location"]
    customer = app.test_client()
    sign_in(customer, factories.make_user("customer"))
    assert customer.get(url).status_code == 403
    staff = app.test_client()
    sign_in(staff, factories.make_user("producer_staff",
                                       producer=factories.producer_by_slug("htx-nong-san-moc-huong")))
    assert staff.get(url).status_code == 403


def test_the_page_reads_a_fixed_number_of_queries(office, world, count_queries):
    counts = []
    for round_ in range(2):
        office.get(f"/en/admin/reports?{RANGE}")  # warm caches
        with count_queries() as counter:
            assert office.get(f"/en/admin/reports?{RANGE}").status_code == 200
        counts.append(counter.count)
        # more of everything: producers, products, orders, quotes, expiring certificates
        for number in range(4):
            product = factories.make_product(
                f"Sản phẩm {round_}-{number}",
                producer=factories.make_producer(f"HTX {round_}-{number}", "le-thuy"),
                stars=3, decision_date=_decided_for(today() + dt.timedelta(days=40)))
            placed = factories.make_order(items=[(product.slug, 1), (world["fish"].slug, 1)])
            placed.created_at = at(2025, 2, 1 + number, 5)
            request = factories.make_quote_request(factories.make_user("distributor"),
                                                   product.slug)
            request.created_at = at(2025, 3, 1 + number)
        db.session.flush()
    assert counts[0] == counts[1], counts
    assert counts[0] <= 22, counts
