import pytest

from storefront.money import format_vnd


@pytest.mark.parametrize(
    ("locale", "expected"),
    [("vi", "150.000\xa0₫"), ("en", "₫150,000")],
)
def test_vnd_is_formatted_by_locale_without_decimals(locale, expected):
    assert format_vnd(150_000, locale) == expected


def test_large_amounts_group_thousands():
    assert format_vnd(12_345_000, "vi") == "12.345.000\xa0₫"
