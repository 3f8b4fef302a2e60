"""Each report as a CSV file, for the province's own spreadsheets.

Columns are named in English (stable for formulas and imports); names of products,
producers, groups and districts are in the page's language; amounts are whole đồng and
days ISO dates. Files start with a byte-order mark so that Excel reads Vietnamese as UTF-8.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable

from storefront.reports import queries
from storefront.reports.queries import Period

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _counts(items: list[queries.Count], key: str) -> Iterable[tuple]:
    yield (key, "name", "products")
    for row in items:
        yield (row.key, row.label, row.count)


def _revenue(items: list[queries.Revenue], key: str) -> Iterable[tuple]:
    yield (key, "name", "units", "revenue_vnd")
    for row in items:
        yield (row.key, row.label, row.units, row.revenue_vnd)


def _months(period: Period, today: dt.date, locale: str) -> Iterable[tuple]:
    yield ("month", "orders", "revenue_vnd", "quote_requests", "quote_requests_ordered")
    for month in queries.monthly(period):
        yield (month.starts.strftime("%Y-%m"), month.orders, month.revenue_vnd, month.quotes,
               month.quotes_ordered)


def _conversion(period: Period, today: dt.date, locale: str) -> Iterable[tuple]:
    result = queries.conversion(period)
    yield ("since", "until", "quote_requests", "ordered", "conversion_percent")
    rate = "" if result.rate is None else f"{result.rate * 100:.1f}"
    yield (period.since.isoformat(), period.until.isoformat(), result.requested,
           result.ordered, rate)


def _top_products(period: Period, today: dt.date, locale: str) -> Iterable[tuple]:
    yield ("rank", "sku", "product", "units", "revenue_vnd")
    for rank, product in enumerate(queries.top_products(period, locale, limit=None), 1):
        yield (rank, product.sku, product.name, product.units, product.revenue_vnd)


def _expiring(period: Period, today: dt.date, locale: str) -> Iterable[tuple]:
    yield ("sku", "product", "producer", "stars", "decision_number", "valid_until",
           "days_left")
    for row in queries.expiring_certificates(today, locale):
        yield (row.sku, row.product, row.producer, row.stars, row.decision_number,
               row.valid_until.isoformat(), row.days_left)


# name in the URL → rows (the first one names the columns), from (period, today, locale)
REPORTS: dict[str, Callable[[Period, dt.date, str], Iterable[tuple]]] = {
    "stars": lambda period, today, locale: _counts(queries.products_by_stars(today),
                                                   "stars"),
    "categories": lambda period, today, locale: _counts(
        queries.products_by_category(locale), "category"),
    "districts": lambda period, today, locale: _counts(queries.products_by_district(),
                                                       "district"),
    "months": _months,
    "conversion": _conversion,
    "revenue-by-district": lambda period, today, locale: _revenue(
        queries.revenue_by_district(period), "district"),
    "revenue-by-category": lambda period, today, locale: _revenue(
        queries.revenue_by_category(period, locale), "category"),
    "revenue-by-producer": lambda period, today, locale: _revenue(
        queries.revenue_by_producer(period, locale), "producer"),
    "top-products": _top_products,
    "expiring-certificates": _expiring,
}


def report_csv(name: str, period: Period, today: dt.date, locale: str) -> str:
    """Raises KeyError for a report that does not exist."""
    produce = REPORTS[name]
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerows(tuple(_cell(value) for value in row)
                     for row in produce(period, today, locale))
    return out.getvalue()


def file_name(name: str, period: Period) -> str:
    return f"ocop-{name}-{period.since.isoformat()}-{period.until.isoformat()}.csv"


def _cell(value):
    """A name typed by a producer must not run as a formula in the office's spreadsheet."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
