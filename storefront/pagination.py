"""One page of a longer list, as list pages and their pagination macro use it."""

from __future__ import annotations

import math
from dataclasses import dataclass

from flask import abort, request
from werkzeug.routing import IntegerConverter


@dataclass
class Page:
    items: list
    total: int
    page: int
    page_size: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.page_size))


# Bounds for numbers read from a URL, checked before they reach a query: SQLite's integers
# stop at 2**63 - 1 (beyond, the driver raises OverflowError) and PostgreSQL's ``integer``
# ids at 2**31 - 1, and no list here has anywhere near this many pages.
MAX_PAGE = 100_000
MAX_ID = 2**31 - 1


def parse_page(raw: str | None) -> int | None:
    """A page number from ``?page=``: ASCII digits, 1..MAX_PAGE; anything else is None.

    ``str.isdigit`` is not enough: it accepts "²" and "١", which ``int`` then rejects or
    reads as a number nobody typed.
    """
    raw = (raw or "").strip()
    if not (raw.isascii() and raw.isdigit()):
        return None
    page = int(raw)
    return page if 1 <= page <= MAX_PAGE else None


def parse_id(raw: str | None) -> int | None:
    """An id from a form or query string: ASCII digits, 1..MAX_ID; anything else is None."""
    raw = (raw or "").strip()
    if not (raw.isascii() and raw.isdigit()):
        return None
    number = int(raw)
    return number if 1 <= number <= MAX_ID else None


def requested_page() -> int:
    """The ``page`` argument of this request (1 when absent); a bad one is a 404 page."""
    page = parse_page(request.args.get("page", "1"))
    if page is None:
        abort(404)
    return page


class BoundedIntegerConverter(IntegerConverter):
    """``<int:…>`` in routes, at most MAX_ID unless the rule says otherwise: a bigger
    number is a 404 at routing time instead of an overflow in the database driver."""

    def __init__(self, map, fixed_digits: int = 0, min: int | None = None,  # noqa: A002
                 max: int | None = None, signed: bool = False) -> None:  # noqa: A002
        super().__init__(map, fixed_digits, min, MAX_ID if max is None else max, signed)


def init_app(app) -> None:
    """Before any route is added: rules take their converters from the map as they come."""
    app.url_map.converters["int"] = BoundedIntegerConverter
