import pytest

from storefront.templating import page_window, without


@pytest.mark.parametrize(
    ("page", "pages", "expected"),
    [
        (1, 1, [1]),
        (1, 5, [1, 2, 3, None, 5]),
        (7, 20, [1, None, 5, 6, 7, 8, 9, None, 20]),
        (20, 20, [1, None, 18, 19, 20]),
        (3, 4, [1, 2, 3, 4]),
    ],
)
def test_page_window(page, pages, expected):
    assert page_window(page, pages) == expected


def test_without_removes_keys():
    assert without({"a": 1, "b": 2, "c": 3}, "a", "c") == {"b": 2}
