"""The office's reports as SQL aggregates: each report is a fixed number of GROUP BY
queries (plus one for the names it shows), whatever the number of orders or products.

Revenue is goods revenue: quantity × unit price of the order lines, as sold (shipping
left out), of orders not cancelled and of parts (fulfilments) not cancelled — the rule of
``orders.queries.producer_sales``. An order counts in the month it was placed, a quote
request in the month it was sent; months and days are Vietnam's (Asia/Ho_Chi_Minh).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext, ngettext
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import aliased
from sqlalchemy.sql.functions import FunctionElement

from storefront.catalog.certificates import OCOP_STARS
from storefront.catalog.models import (
    FALLBACK_LOCALE,
    Category,
    CategoryTranslation,
    Certificate,
    District,
    Producer,
    ProducerTranslation,
    Product,
    ProductStatus,
    ProductTranslation,
)
from storefront.clock import LOCAL_TIMEZONE
from storefront.extensions import db
from storefront.i18n import local_date
from storefront.orders.models import Fulfilment, Order, OrderLine
from storefront.orders.states import FulfilmentStatus
from storefront.quotes.models import QuoteRequest

DEFAULT_MONTHS = 12
MAX_MONTHS = 120  # ten years of monthly bars is already more than a page can show
EXPIRY_WARNING_DAYS = 90
TOP_PRODUCTS = 10
EARLIEST_DAY = dt.date(2000, 1, 1)
LATEST_DAY = dt.date(2099, 12, 31)
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
UNKNOWN = ""  # the key of sales whose product has since left the catalogue


# -- the period a report covers ----------------------------------------------------------

def shift_months(day: dt.date, months: int) -> dt.date:
    """The first day of the month ``months`` after (or before) ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Period:
    """From ``since`` to ``until``, both included, as calendar days in Vietnam."""

    since: dt.date
    until: dt.date

    @property
    def starts_at(self) -> dt.datetime:
        return _midnight(self.since)

    @property
    def ends_at(self) -> dt.datetime:
        """The first moment after the period (exclusive bound)."""
        return _midnight(self.until + dt.timedelta(days=1))

    def months(self) -> list[dt.date]:
        """The first day of each month the period touches, in order."""
        first, last = self.since.replace(day=1), self.until.replace(day=1)
        count = (last.year - first.year) * 12 + last.month - first.month + 1
        return [shift_months(first, n) for n in range(count)]

    def args(self) -> dict[str, str]:
        return {"since": self.since.isoformat(), "until": self.until.isoformat()}


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=LOCAL_TIMEZONE).astimezone(dt.UTC)


def default_period(until: dt.date) -> Period:
    """Twelve calendar months up to ``until``: its own month and the eleven before."""
    return Period(shift_months(until, -(DEFAULT_MONTHS - 1)), until)


def parse_period(args: Mapping[str, str], today: dt.date) -> tuple[Period, list[str]]:
    """The period asked by ``?since=YYYY-MM-DD&until=YYYY-MM-DD``, and warnings for what
    could not be used (each unreadable date falls back to its default)."""
    warnings = []
    days: dict[str, dt.date | None] = {}
    for name in ("since", "until"):
        raw = (args.get(name) or "").strip()
        days[name] = _day(raw) if raw else None
        if raw and days[name] is None:
            warnings.append(gettext("“%(value)s” is not a date; that filter was ignored.",
                                    value=raw[:40]))
    until = days["until"] or today
    since = days["since"] or default_period(until).since
    if since > until:
        warnings.append(gettext("The start date is after the end date: the reports show "
                                "the last 12 months instead."))
        return default_period(today), warnings
    if shift_months(until, -(MAX_MONTHS - 1)) > since:
        since = shift_months(until, -(MAX_MONTHS - 1))
        warnings.append(gettext("Reports cover at most %(num)s years: they start on "
                                "%(date)s.", num=MAX_MONTHS // 12, date=local_date(since)))
    return Period(since, until), warnings


def _day(raw: str) -> dt.date | None:
    if not ISO_DAY.fullmatch(raw):
        return None
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError:
        return None
    return day if EARLIEST_DAY <= day <= LATEST_DAY else None


# -- SQL building blocks ------------------------------------------------------------------

class local_month(FunctionElement):  # noqa: N801 (a SQL function, named like one)
    """``'YYYY-MM'`` of a UTC timestamp column, by the calendar in Vietnam."""

    type = sa.String()
    name = "local_month"
    inherit_cache = True


@compiles(local_month, "postgresql")
def _local_month_postgresql(element, compiler, **kw) -> str:
    column = compiler.process(element.clauses, **kw)
    return f"to_char({column} AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM')"


@compiles(local_month)
def _local_month_sqlite(element, compiler, **kw) -> str:
    # SQLite knows no time zones; Vietnam has kept UTC+7, without summer time, since 1975.
    column = compiler.process(element.clauses, **kw)
    return f"strftime('%Y-%m', {column}, '+7 hours')"


def counted_sales() -> tuple:
    """Order lines that count as sold: neither the order nor the line's part cancelled."""
    return (Fulfilment.status != FulfilmentStatus.CANCELLED, Order.cancelled_at.is_(None))


def _sales(*columns, period: Period) -> sa.Select:
    """``columns`` over the lines sold in ``period`` (orders placed in it)."""
    return (sa.select(*columns).select_from(OrderLine)
            .join(Fulfilment, OrderLine.fulfilment_id == Fulfilment.id)
            .join(Order, OrderLine.order_id == Order.id)
            .where(*counted_sales(), Order.created_at >= period.starts_at,
                   Order.created_at < period.ends_at))


def _amount():
    return OrderLine.quantity * OrderLine.unit_price_vnd


def _listed():
    """The products a report counts: those published in the shop."""
    return Product.status == ProductStatus.PUBLISHED


def _category_group():
    return sa.func.coalesce(Category.parent_id, Category.id)


def _pick(rows, locale: str) -> dict:
    """{owner: text} from (owner, locale, text) rows, in ``locale`` or else Vietnamese."""
    picked: dict = {}
    for owner, row_locale, text in rows:
        if row_locale == locale or owner not in picked:
            picked[owner] = text
    return picked


def _locales(locale: str) -> set[str]:
    return {locale, FALLBACK_LOCALE}


# -- products: by stars, category group and origin district ------------------------------

@dataclass(frozen=True)
class Count:
    key: str  # stars ("5", "4", "3", "none"), or a category's or district's slug
    label: str
    count: int


@dataclass(frozen=True)
class Group:
    id: int
    slug: str
    name: str


def products_by_stars(today: dt.date) -> list[Count]:
    """Published products by the stars of a certificate valid today, and those without."""
    band = sa.case((sa.and_(Product.stars.in_(OCOP_STARS), Product.stars_valid_until >= today),
                    Product.stars), else_=0)
    inner = sa.select(band.label("band")).where(_listed()).subquery()
    counts = dict(db.session.execute(
        sa.select(inner.c.band, sa.func.count()).group_by(inner.c.band)).all())
    rows = [Count(str(stars), ngettext("%(num)s star", "%(num)s stars", stars),
                  counts.get(stars, 0)) for stars in sorted(OCOP_STARS, reverse=True)]
    return [*rows, Count("none", gettext("No valid certificate"), counts.get(0, 0))]


def category_groups(locale: str) -> list[Group]:
    """The six OCOP product groups (top-level categories), in their order."""
    groups = db.session.execute(
        sa.select(Category.id, Category.slug).where(Category.parent_id.is_(None))
        .order_by(Category.position, Category.id)).all()
    names = _pick(db.session.execute(
        sa.select(CategoryTranslation.category_id, CategoryTranslation.locale,
                  CategoryTranslation.name)
        .where(CategoryTranslation.category_id.in_([id_ for id_, _ in groups]),
               CategoryTranslation.locale.in_(_locales(locale)))), locale)
    return [Group(id_, slug, names.get(id_, slug)) for id_, slug in groups]


def districts() -> list[Group]:
    return [Group(id_, slug, name) for id_, slug, name in db.session.execute(
        sa.select(District.id, District.slug, District.name)
        .order_by(District.position, District.id))]


def products_by_category(locale: str, groups: list[Group] | None = None) -> list[Count]:
    """Published products per group; a product counts in its subgroup's group."""
    inner = (sa.select(_category_group().label("grp")).select_from(Product)
             .join(Category, Product.category_id == Category.id).where(_listed()).subquery())
    counts = dict(db.session.execute(
        sa.select(inner.c.grp, sa.func.count()).group_by(inner.c.grp)).all())
    return [Count(group.slug, group.name, counts.get(group.id, 0))
            for group in groups or category_groups(locale)]


def products_by_district(places: list[Group] | None = None) -> list[Count]:
    """Published products per origin district (where the product is made)."""
    counts = dict(db.session.execute(
        sa.select(Product.origin_district_id, sa.func.count(Product.id)).where(_listed())
        .group_by(Product.origin_district_id)).all())
    return [Count(district.slug, district.name, counts.get(district.id, 0))
            for district in places or districts()]


# -- orders, revenue and quotes by month --------------------------------------------------

@dataclass(frozen=True)
class Month:
    starts: dt.date  # the first day of the month
    orders: int
    revenue_vnd: int
    quotes: int  # quote requests sent in the month
    quotes_ordered: int  # of those, how many became an order (by now)


def monthly(period: Period) -> list[Month]:
    """Every month of ``period``, with zeros where nothing happened."""
    month = local_month(Order.created_at)
    sales = {key: (orders, int(revenue or 0)) for key, orders, revenue in db.session.execute(
        _sales(month.label("month"), sa.func.count(sa.distinct(Order.id)),
               sa.func.sum(_amount()), period=period).group_by(month))}
    quote_month = local_month(QuoteRequest.created_at)
    quotes = {key: (sent, ordered) for key, sent, ordered in db.session.execute(
        sa.select(quote_month.label("month"), sa.func.count(QuoteRequest.id),
                  sa.func.count(QuoteRequest.order_id))
        .where(*_quotes_in(period)).group_by(quote_month))}
    series = []
    for first in period.months():
        key = first.strftime("%Y-%m")
        orders, revenue = sales.get(key, (0, 0))
        sent, ordered = quotes.get(key, (0, 0))
        series.append(Month(first, orders, revenue, sent, ordered))
    return series


def _quotes_in(period: Period) -> tuple:
    return (QuoteRequest.created_at >= period.starts_at,
            QuoteRequest.created_at < period.ends_at)


# -- conversion of quotes into orders ----------------------------------------------------

@dataclass(frozen=True)
class Conversion:
    requested: int  # quote requests sent in the period
    ordered: int  # of those, the ones that became an order

    @property
    def rate(self) -> float | None:
        return self.ordered / self.requested if self.requested else None


def conversion(period: Period) -> Conversion:
    requested, ordered = db.session.execute(
        sa.select(sa.func.count(QuoteRequest.id), sa.func.count(QuoteRequest.order_id))
        .where(*_quotes_in(period))).one()
    return Conversion(requested, ordered)


# -- revenue by district, category group and producer ------------------------------------

@dataclass(frozen=True)
class Revenue:
    key: str  # the district's, group's or producer's slug; UNKNOWN for removed products
    label: str
    units: int
    revenue_vnd: int


def _revenue_by(key, period: Period, *joins) -> dict:
    """{key: (units, revenue)} of the lines sold in ``period``, grouped by ``key``."""
    inner = _sales(key.label("key"), OrderLine.quantity.label("quantity"),
                   _amount().label("amount"), period=period)
    for target, on in joins:
        inner = inner.outerjoin(target, on)
    inner = inner.subquery()
    return {key: (int(units), int(amount)) for key, units, amount in db.session.execute(
        sa.select(inner.c.key, sa.func.sum(inner.c.quantity), sa.func.sum(inner.c.amount))
        .group_by(inner.c.key))}


def _with_unknown(rows: list[Revenue], figures: dict) -> list[Revenue]:
    """Sales of products since removed from the catalogue have no origin or group."""
    if None in figures:
        units, revenue = figures[None]
        rows.append(Revenue(UNKNOWN, gettext("Products no longer in the catalogue"), units,
                            revenue))
    return rows


def revenue_by_district(period: Period, places: list[Group] | None = None) -> list[Revenue]:
    """Every district (of the product's origin), with zeros; removed products last."""
    figures = _revenue_by(Product.origin_district_id, period,
                          (Product, OrderLine.product_id == Product.id))
    rows = [Revenue(district.slug, district.name, *figures.get(district.id, (0, 0)))
            for district in places or districts()]
    return _with_unknown(rows, figures)


def revenue_by_category(period: Period, locale: str,
                        groups: list[Group] | None = None) -> list[Revenue]:
    """Every product group, with zeros; a subgroup's sales count in its group."""
    figures = _revenue_by(_category_group(), period,
                          (Product, OrderLine.product_id == Product.id),
                          (Category, Product.category_id == Category.id))
    rows = [Revenue(group.slug, group.name, *figures.get(group.id, (0, 0)))
            for group in groups or category_groups(locale)]
    return _with_unknown(rows, figures)


def revenue_by_producer(period: Period, locale: str) -> list[Revenue]:
    """Producers who sold in ``period``, the largest revenue first."""
    figures = _revenue_by(Fulfilment.producer_id, period)
    producers = _producers(figures, locale)
    rows = [Revenue(*producers.get(producer_id, ("", str(producer_id))), units, revenue)
            for producer_id, (units, revenue) in figures.items()]
    return sorted(rows, key=lambda row: (-row.revenue_vnd, -row.units, row.label))


def _producers(ids, locale: str) -> dict[int, tuple[str, str]]:
    """{producer id: (slug, name)} in ``locale`` or else Vietnamese."""
    if not ids:
        return {}
    rows = db.session.execute(
        sa.select(Producer.id, Producer.slug, ProducerTranslation.locale,
                  ProducerTranslation.name)
        .join(ProducerTranslation, ProducerTranslation.producer_id == Producer.id)
        .where(Producer.id.in_(list(ids)), ProducerTranslation.locale.in_(_locales(locale))))
    picked: dict[int, tuple[str, str]] = {}
    for producer_id, slug, row_locale, name in rows:
        if row_locale == locale or producer_id not in picked:
            picked[producer_id] = (slug, name)
    return picked


# -- top products -------------------------------------------------------------------------

@dataclass(frozen=True)
class TopProduct:
    product_id: int | None  # None once the product left the catalogue
    sku: str
    name: str
    units: int
    revenue_vnd: int


def top_products(period: Period, locale: str, limit: int | None = TOP_PRODUCTS
                 ) -> list[TopProduct]:
    """The products that brought the most revenue (then units) in ``period``."""
    statement = (_sales(OrderLine.product_id, OrderLine.sku,
                        sa.func.max(OrderLine.name).label("name"),
                        sa.func.sum(OrderLine.quantity).label("units"),
                        sa.func.sum(_amount()).label("revenue"), period=period)
                 .group_by(OrderLine.product_id, OrderLine.sku)
                 .order_by(sa.desc("revenue"), sa.desc("units"), OrderLine.sku))
    if limit is not None:
        statement = statement.limit(limit)
    rows = db.session.execute(statement).all()
    names = _product_names({row.product_id for row in rows if row.product_id}, locale)
    return [TopProduct(row.product_id, row.sku, names.get(row.product_id, row.name),
                       int(row.units), int(row.revenue)) for row in rows]


def _product_names(ids, locale: str) -> dict[int, str]:
    if not ids:
        return {}
    return _pick(db.session.execute(
        sa.select(ProductTranslation.product_id, ProductTranslation.locale,
                  ProductTranslation.name)
        .where(ProductTranslation.product_id.in_(list(ids)),
               ProductTranslation.locale.in_(_locales(locale)))), locale)


# -- certificates ending soon -------------------------------------------------------------

@dataclass(frozen=True)
class Expiring:
    certificate_id: int
    product_id: int
    sku: str
    product: str
    producer: str
    stars: int
    decision_number: str
    valid_until: dt.date
    days_left: int


def expiring_certificates(today: dt.date, locale: str) -> list[Expiring]:
    """Current certificates (valid, not revoked, not superseded by a newer decision) whose
    last valid day falls within the next 90 days, the soonest first."""
    newer = aliased(Certificate)
    superseded = sa.exists().where(
        newer.product_id == Certificate.product_id,
        sa.or_(newer.decision_date > Certificate.decision_date,
               sa.and_(newer.decision_date == Certificate.decision_date,
                       newer.id > Certificate.id)))
    rows = db.session.execute(
        sa.select(Certificate.id, Certificate.product_id, Product.sku, Product.producer_id,
                  Certificate.stars, Certificate.decision_number, Certificate.valid_until)
        .join(Product, Certificate.product_id == Product.id)
        .where(Certificate.revoked_at.is_(None), Certificate.decision_date <= today,
               Certificate.valid_until >= today,
               Certificate.valid_until <= today + dt.timedelta(days=EXPIRY_WARNING_DAYS),
               ~superseded)
        .order_by(Certificate.valid_until, Certificate.id)).all()
    products = _product_names({row.product_id for row in rows}, locale)
    producers = _producers({row.producer_id for row in rows}, locale)
    return [Expiring(row.id, row.product_id, row.sku, products.get(row.product_id, row.sku),
                     producers.get(row.producer_id, ("", ""))[1], row.stars,
                     row.decision_number, row.valid_until, (row.valid_until - today).days)
            for row in rows]


# -- the whole page -----------------------------------------------------------------------

@dataclass(frozen=True)
class Reports:
    period: Period
    stars: list[Count]
    categories: list[Count]
    districts: list[Count]
    months: list[Month]
    conversion: Conversion
    revenue_by_district: list[Revenue]
    revenue_by_category: list[Revenue]
    revenue_by_producer: list[Revenue]
    top_products: list[TopProduct]
    expiring: list[Expiring]

    @property
    def orders(self) -> int:
        return sum(month.orders for month in self.months)

    @property
    def revenue_vnd(self) -> int:
        return sum(month.revenue_vnd for month in self.months)

    @property
    def products(self) -> int:
        return sum(row.count for row in self.stars)


def all_reports(period: Period, today: dt.date, locale: str) -> Reports:
    groups, places = category_groups(locale), districts()  # read once for four reports
    return Reports(
        period=period,
        stars=products_by_stars(today),
        categories=products_by_category(locale, groups),
        districts=products_by_district(places),
        months=monthly(period),
        conversion=conversion(period),
        revenue_by_district=revenue_by_district(period, places),
        revenue_by_category=revenue_by_category(period, locale, groups),
        revenue_by_producer=revenue_by_producer(period, locale),
        top_products=top_products(period, locale),
        expiring=expiring_certificates(today, locale),
    )
