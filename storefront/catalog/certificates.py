"""OCOP certificate rules: star bands, validity period, which certificate counts.

Pure functions, no database: services and the seed loader both use them.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable

from storefront.catalog.models import CERTIFICATE_VALIDITY_MONTHS, Certificate

# Score bands of the OCOP evaluation (Decision 148/QĐ-TTg): 1★ < 30 … 5★ 90–100.
STAR_BANDS = {1: (0, 29), 2: (30, 49), 3: (50, 69), 4: (70, 89), 5: (90, 100)}
OCOP_STARS = (3, 4, 5)  # only 3★ and above are OCOP products that may carry the label


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day ``months`` later, clamped to the month's end (29 Feb → 28 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def valid_until_for(decision_date: dt.date) -> dt.date:
    return add_months(decision_date, CERTIFICATE_VALIDITY_MONTHS)


def stars_for_score(score: int) -> int:
    for stars, (low, high) in STAR_BANDS.items():
        if low <= score <= high:
            return stars
    raise ValueError(f"score {score} is outside 0–100")


def score_matches_stars(score: int, stars: int) -> bool:
    low, high = STAR_BANDS.get(stars, (1, 0))
    return low <= score <= high


def current_certificate(certificates: Iterable[Certificate]) -> Certificate | None:
    """The newest decision: a re-certification supersedes earlier ones.

    If the newest certificate is revoked, the product has no stars; an older, superseded
    certificate never brings them back.
    """
    return max(certificates, key=lambda cert: (cert.decision_date, cert.id or 0), default=None)
