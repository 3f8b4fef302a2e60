import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storefront.catalog.certificates import (
    add_months,
    current_certificate,
    score_matches_stars,
    stars_for_score,
    valid_until_for,
)
from storefront.catalog.models import Certificate


def test_certificate_is_valid_for_36_months():
    assert valid_until_for(dt.date(2024, 8, 15)) == dt.date(2027, 8, 15)


def test_leap_day_decision_ends_on_the_last_day_of_february():
    assert valid_until_for(dt.date(2024, 2, 29)) == dt.date(2027, 2, 28)


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2090, 12, 31)),
       st.integers(min_value=0, max_value=120))
def test_add_months_keeps_the_day_or_clamps_it(day, months):
    later = add_months(day, months)
    assert (later.year - day.year) * 12 + later.month - day.month == months
    assert later.day == day.day or later.day < day.day and (later + dt.timedelta(days=1)).day == 1


@pytest.mark.parametrize(
    ("score", "stars"), [(0, 1), (29, 1), (30, 2), (49, 2), (50, 3), (69, 3), (70, 4), (89, 4),
                         (90, 5), (100, 5)],
)
def test_star_bands(score, stars):
    assert stars_for_score(score) == stars
    assert score_matches_stars(score, stars)


def test_a_72_point_three_star_is_inconsistent():
    assert not score_matches_stars(72, 3)


def test_score_outside_0_100_is_rejected():
    with pytest.raises(ValueError):
        stars_for_score(101)


def _certificate(day: dt.date, stars: int = 3, revoked: bool = False) -> Certificate:
    certificate = Certificate(stars=stars, score=60, decision_date=day,
                              valid_until=valid_until_for(day))
    certificate.revoked_at = dt.datetime(2026, 1, 1, tzinfo=dt.UTC) if revoked else None
    return certificate


def test_the_newest_decision_is_current():
    old, new = _certificate(dt.date(2021, 5, 1)), _certificate(dt.date(2024, 5, 1), stars=4)
    assert current_certificate([old, new]) is new


def test_a_revoked_newest_decision_does_not_bring_back_the_older_one():
    old = _certificate(dt.date(2024, 1, 1))
    new = _certificate(dt.date(2025, 1, 1), revoked=True)
    current = current_certificate([old, new])
    assert current is new
    assert not current.is_valid_on(dt.date(2025, 6, 1))


def test_validity_includes_the_last_day_only():
    certificate = _certificate(dt.date(2023, 12, 1))
    assert certificate.is_valid_on(dt.date(2026, 12, 1))
    assert not certificate.is_valid_on(dt.date(2026, 12, 2))
    assert not certificate.is_valid_on(dt.date(2023, 11, 30))
