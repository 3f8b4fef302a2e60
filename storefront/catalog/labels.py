"""Localized labels for catalogue values (kinds, units, places, shelf life).

Kept out of the models so that models stay free of the request's language.
"""

from __future__ import annotations

from flask_babel import gettext, ngettext
from flask_babel import lazy_gettext as _l

from storefront.catalog.models import District, IssuingLevel, ProducerKind, ProductStatus

PRODUCER_KINDS = {
    ProducerKind.COOPERATIVE: _l("Cooperative"),
    ProducerKind.ENTERPRISE: _l("Enterprise"),
    ProducerKind.COOPERATIVE_GROUP: _l("Cooperative group"),
    ProducerKind.HOUSEHOLD: _l("Household business"),
}
ISSUING_LEVELS = {
    IssuingLevel.DISTRICT: _l("District level"),
    IssuingLevel.PROVINCE: _l("Provincial level"),
    IssuingLevel.NATIONAL: _l("National level"),
}
PRODUCT_STATUSES = {
    ProductStatus.DRAFT: _l("Draft"),
    ProductStatus.PENDING: _l("Waiting for approval"),
    ProductStatus.PUBLISHED: _l("Published"),
    ProductStatus.ARCHIVED: _l("Archived"),
}
UNITS = {
    "bottle": _l("bottle"), "jar": _l("jar"), "bag": _l("bag"), "pack": _l("pack"),
    "box": _l("box"), "set": _l("set"), "piece": _l("piece"), "kg": _l("kg"),
    "tour": _l("person"),
}
UNKNOWN_FILTERS = {
    "category": _l("There is no such category; that filter was ignored."),
    "district": _l("There is no such district; that filter was ignored."),
    "producer": _l("There is no such producer; that filter was ignored."),
}


def producer_kind(kind: ProducerKind) -> str:
    return str(PRODUCER_KINDS.get(kind, kind))


def issuing_level(level: IssuingLevel) -> str:
    return str(ISSUING_LEVELS.get(level, level))


def product_status(status: ProductStatus) -> str:
    return str(PRODUCT_STATUSES.get(status, status))


def unit(code: str) -> str:
    return str(UNITS.get(code, code))


def district(place: District) -> str:
    """'huyện Bố Trạch' / 'Bố Trạch District', as each language names the unit."""
    if place.kind == "city":
        return gettext("%(name)s City", name=place.name)
    if place.kind == "town":
        return gettext("%(name)s Town", name=place.name)
    return gettext("%(name)s District", name=place.name)


def shelf_life(days: int | None) -> str:
    """Shelf life as people say it: in months when it is a whole number of months."""
    if not days:
        return ""
    if days % 365 == 0 or (days >= 60 and days % 30 == 0):
        months = days // 365 * 12 if days % 365 == 0 else days // 30
        return ngettext("%(num)s month", "%(num)s months", months)
    return ngettext("%(num)s day", "%(num)s days", days)


TEMPLATE_FILTERS = {
    "producer_kind": producer_kind,
    "issuing_level": issuing_level,
    "product_status": product_status,
    "unit": unit,
    "district_label": district,
    "shelf_life": shelf_life,
}

FEW_LEFT = 10  # below this, the page says how many are left


def stock_status(stock: int) -> tuple[str, str]:
    """(css modifier, text) describing availability to a buyer."""
    if stock <= 0:
        return "out", gettext("Sold out")
    if stock < FEW_LEFT:
        return "few", ngettext("Only %(num)s left", "Only %(num)s left", stock)
    return "in", gettext("In stock")


TEMPLATE_FILTERS["stock_status"] = stock_status
