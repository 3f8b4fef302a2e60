"""Whole numbers typed by a visitor, in a URL or a form: checked before they are used.

``str.isdigit`` alone is not enough: it accepts "²", which ``int`` rejects (a 500), and
"١٢" or "１２", which ``int`` reads as 12 — a number the visitor did not type in our
digits. Every field that takes a whole number checks it with ``is_ascii_digits``.
"""

from __future__ import annotations

# PostgreSQL's ``integer`` ids stop at 2**31 - 1 (SQLite's integers at 2**63 - 1; beyond,
# the driver raises OverflowError): bigger numbers must not reach a query.
MAX_ID = 2**31 - 1


def is_ascii_digits(text: str) -> bool:
    """True for a non-empty run of 0-9 and nothing else."""
    return text.isascii() and text.isdigit()


def parse_bounded(raw: str | None, minimum: int, maximum: int) -> int | None:
    """ASCII digits (spaces around allowed) meaning minimum..maximum, else None."""
    raw = (raw or "").strip()
    if not is_ascii_digits(raw):
        return None
    number = int(raw)
    return number if minimum <= number <= maximum else None


def parse_id(raw: str | None) -> int | None:
    """An id from a form or query string: 1..MAX_ID; anything else is None."""
    return parse_bounded(raw, 1, MAX_ID)
