"""Bar-chart geometry for the reports, so that templates only print numbers into SVG.

Two shapes: ``columns`` (one upright bar per month, labels below) and ``rows`` (one
horizontal bar per district, group or producer, its name on the left and its figure on
the right). The largest value fills the space; coordinates are in the SVG's viewBox units.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

from flask_babel import format_date, get_locale, gettext

MONTH_FORMATS = {"vi": "MM/yyyy", "en": "MMM yyyy"}
# viewBox units. The stylesheet gives charts a fixed height (.sales-chart, 12rem) and the
# page's width: 900 wide and up to ~190 high, they show at about one unit per pixel.
WIDTH = 900
LABEL_FONT = 11
COLUMN_LABEL_WIDTH = 56  # room one month's label needs under its bar
ROW_LABEL_CHARACTERS = 40


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    x: float
    y: float
    width: float
    height: float
    label_x: float  # where the label text is anchored (columns: middle; rows: end)
    label_y: float
    value_x: float  # rows: where the figure is written, after the bar
    show_label: bool = True


@dataclass(frozen=True)
class Chart:
    kind: str  # "columns" or "rows"
    width: int
    height: int
    bars: list[Bar]
    baseline: float  # columns: the axis' y; rows: the axis' x
    money: bool  # values are đồng (the template formats them with ``vnd``)
    font_size: int = LABEL_FONT

    @property
    def total(self) -> int:
        return sum(bar.value for bar in self.bars)

    @property
    def empty(self) -> bool:
        return not any(bar.value for bar in self.bars)


def month_label(day: dt.date) -> str:
    """"05/2026" in Vietnamese, "May 2026" in English."""
    return format_date(day, MONTH_FORMATS.get(str(get_locale()), "MMM yyyy"))


def short(label: str, characters: int = ROW_LABEL_CHARACTERS) -> str:
    """Long names are cut (the table below the chart has them whole)."""
    return label if len(label) <= characters else label[:characters - 1].rstrip() + "…"


def columns(items: Sequence[tuple[str, int]], *, money: bool, width: int = WIDTH,
            height: int = 190, label_space: int = 22, top_space: int = 8) -> Chart:
    """Upright bars, left to right; every label that fits is written below its bar."""
    baseline = height - label_space
    room = baseline - top_space
    top = max((value for _, value in items), default=0) or 1
    step = width / max(len(items), 1)
    every = max(1, math.ceil(COLUMN_LABEL_WIDTH / step))
    bars = []
    for index, (label, value) in enumerate(items):
        bar_height = room * value / top
        bars.append(Bar(
            label=label, value=value, x=round(index * step + step * 0.15, 1),
            y=round(baseline - bar_height, 1), width=round(step * 0.7, 1),
            height=round(bar_height, 1), label_x=round(index * step + step / 2, 1),
            label_y=height - 6, value_x=0, show_label=index % every == 0))
    return Chart("columns", width, height, bars, baseline, money)


def rows(items: Sequence[tuple[str, int]], *, money: bool, width: int = WIDTH,
         row_height: int = 22, label_width: int = 270, value_space: int = 130) -> Chart:
    """Horizontal bars, top to bottom in the order given."""
    height = max(len(items), 1) * row_height + 8
    room = width - label_width - value_space
    top = max((value for _, value in items), default=0) or 1
    bars = []
    for index, (label, value) in enumerate(items):
        bar_width = room * value / top
        y = 4 + index * row_height
        bars.append(Bar(
            label=short(label), value=value, x=label_width, y=round(y + row_height * 0.15, 1),
            width=round(bar_width, 1), height=round(row_height * 0.7, 1),
            label_x=label_width - 8, label_y=round(y + row_height / 2 + LABEL_FONT / 3, 1),
            value_x=round(label_width + bar_width + 6, 1)))
    return Chart("rows", width, height, bars, label_width, money)


PRODUCERS_CHARTED = 10  # the chart shows the largest; the table lists every producer


def for_reports(reports) -> dict[str, Chart]:
    """The page's charts, by name, from ``queries.Reports``."""
    def counted(items):
        return rows([(row.label, row.count) for row in items], money=False)

    def earned(items):
        return rows([(row.label, row.revenue_vnd) for row in items], money=True)

    months = reports.months
    return {
        "stars": counted(reports.stars),
        "categories": counted(reports.categories),
        "districts": counted(reports.districts),
        "revenue_by_month": columns([(month_label(m.starts), m.revenue_vnd) for m in months],
                                    money=True),
        "orders_by_month": columns([(month_label(m.starts), m.orders) for m in months],
                                   money=False),
        "quotes_by_month": columns([(month_label(m.starts), m.quotes) for m in months],
                                   money=False),
        "conversion": rows([(gettext("Quote requests"), reports.conversion.requested),
                            (gettext("Became orders"), reports.conversion.ordered)],
                           money=False),
        "revenue_by_district": earned(reports.revenue_by_district),
        "revenue_by_category": earned(reports.revenue_by_category),
        "revenue_by_producer": earned(reports.revenue_by_producer[:PRODUCERS_CHARTED]),
        "top_products": rows([(p.name, p.revenue_vnd) for p in reports.top_products],
                             money=True),
    }
