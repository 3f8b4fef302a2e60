"""VND amounts: whole đồng integers, formatted by Babel for the current locale."""

from __future__ import annotations

from functools import lru_cache

from babel.numbers import format_currency

CURRENCY = "VND"


@lru_cache(maxsize=8192)  # pages repeat a few prices; Babel's formatting is the slow part
def format_vnd(amount_vnd: int, locale: str) -> str:
    """150000 → '150.000 ₫' (vi) or '₫150,000' (en). VND has no minor unit."""
    return format_currency(amount_vnd, CURRENCY, locale=locale)
