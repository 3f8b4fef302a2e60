"""Shipping fees: per producer's parcel, by weight and destination region.

Parcels leave from Quảng Bình (in the Central region). The rate table is configuration
(``SHIPPING_RATES``): a first kilogram and each further kilogram started, per region.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from flask import current_app

from storefront.geography import PROVINCES_BY_CODE

DEFAULT_RATES = {
    "central": {"first_kg_vnd": 22_000, "extra_kg_vnd": 5_000},
    "north": {"first_kg_vnd": 30_000, "extra_kg_vnd": 8_000},
    "south": {"first_kg_vnd": 32_000, "extra_kg_vnd": 9_000},
}
MIN_WEIGHT_G = 100  # packaging: even a light parcel weighs something


@dataclass(frozen=True)
class Quote:
    region: str
    weight_g: int
    fee_vnd: int


def check_rates(rates: dict | None) -> None:
    """Refuse, at start-up, a rate table that would fail at checkout. Raises ValueError."""
    for region in ("north", "central", "south"):
        rate = (rates or DEFAULT_RATES).get(region)
        if not isinstance(rate, dict) or not all(
                isinstance(rate.get(key), int) and rate[key] >= 0
                for key in ("first_kg_vnd", "extra_kg_vnd")):
            raise ValueError(f"SHIPPING_RATES[{region!r}] needs whole-đồng first_kg_vnd and "
                             "extra_kg_vnd")


def parcel_fee(weight_g: int, province_code: str) -> Quote:
    """The fee for one parcel of ``weight_g`` grams to ``province_code``.

    Raises KeyError for an unknown province.
    """
    region = PROVINCES_BY_CODE[province_code].region
    rates = current_app.config.get("SHIPPING_RATES") or DEFAULT_RATES
    rate = rates[region]
    kilograms = max(1, math.ceil(max(weight_g, MIN_WEIGHT_G) / 1000))
    fee = rate["first_kg_vnd"] + (kilograms - 1) * rate["extra_kg_vnd"]
    return Quote(region, weight_g, fee)
