"""One page of a longer list, as list pages and their pagination macro use it."""

from __future__ import annotations

import math
from dataclasses import dataclass

from flask import abort, request
from werkzeug.routing import IntegerConverter

from storefront.numbers import MAX_ID, parse_bounded


@dataclass
class Page:
    items: list
    total: int
    page: int
    page_size: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.page_size))


# No list here has anywhere near this many pages; a bigger number is a 404.
MAX_PAGE = 100_000


def parse_page(raw: str | None) -> int | None:
    """A page number from ``?page=``: 1..MAX_PAGE; anything else is None."""
    return parse_bounded(raw, 1, MAX_PAGE)


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
