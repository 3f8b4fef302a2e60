"""The producer's dashboard: what needs doing now, and twelve weeks of sales.

Reads only (it composes the queries of catalog, orders and quotes); the chart is drawn
here as plain geometry so the template stays a template.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from storefront.catalog.models import Product, ProductStatus
from storefront.clock import LOCAL_TIMEZONE, today
from storefront.orders import queries as order_queries
from storefront.quotes import queries as quote_queries

WEEKS = 12
CERTIFICATE_WARNING = dt.timedelta(days=90)


@dataclass
class Week:
    starts: dt.date  # a Monday, in Vietnam
    revenue_vnd: int = 0
    units: int = 0


@dataclass
class ToDo:
    parts: dict[str, int]
    quotes_waiting: int
    low_stock: list[Product]
    certificates_ending: list[Product]
    awaiting_approval: list[Product]

    @property
    def nothing(self) -> bool:
        return not (self.parts.get("to_confirm") or self.parts.get("to_ship")
                    or self.quotes_waiting or self.low_stock or self.certificates_ending
                    or self.awaiting_approval)


def to_do(producer_id: int, products: list[Product]) -> ToDo:
    """``products`` are the producer's own (the page lists them too: read them once)."""
    day = today()
    return ToDo(
        parts=order_queries.producer_part_counts(producer_id),
        quotes_waiting=quote_queries.waiting_for_producer(producer_id),
        low_stock=[p for p in products if p.status == ProductStatus.PUBLISHED
                   and p.stock <= p.low_stock_threshold],
        certificates_ending=[p for p in products if p.stars_valid_until is not None
                             and day <= p.stars_valid_until <= day + CERTIFICATE_WARNING],
        awaiting_approval=[p for p in products if p.status == ProductStatus.PENDING],
    )


def weekly_sales(producer_id: int, weeks: int = WEEKS) -> list[Week]:
    """Revenue (goods, without shipping) and units per week, cancelled parts left out."""
    this_monday = today() - dt.timedelta(days=today().weekday())
    series = [Week(this_monday - dt.timedelta(weeks=weeks - 1 - n)) for n in range(weeks)]
    since = dt.datetime.combine(series[0].starts, dt.time(), LOCAL_TIMEZONE)
    rows = order_queries.producer_sales(producer_id, since)
    by_monday = {week.starts: week for week in series}
    for created_at, quantity, unit_price in rows:
        day = created_at.astimezone(LOCAL_TIMEZONE).date()
        week = by_monday.get(day - dt.timedelta(days=day.weekday()))
        if week is not None:
            week.revenue_vnd += quantity * unit_price
            week.units += quantity
    return series


@dataclass
class Bar:
    week: Week
    x: float
    height: float


def chart_bars(series: list[Week], width: float = 600, height: float = 160) -> list[Bar]:
    """Bar geometry for the revenue chart (the tallest week fills the height)."""
    top = max((week.revenue_vnd for week in series), default=0) or 1
    step = width / len(series)
    return [Bar(week, x=index * step + step * 0.15, height=height * week.revenue_vnd / top)
            for index, week in enumerate(series)]
