"""VND amounts: whole đồng integers, formatted by Babel for the current locale."""

from __future__ import annotations

from babel.numbers import format_currency

CURRENCY = "VND"


def format_vnd(amount_vnd: int, locale: str) -> str:
    """150000 → '150.000 ₫' (vi) or '₫150,000' (en). VND has no minor unit."""
    return format_currency(amount_vnd, CURRENCY, locale=locale)
