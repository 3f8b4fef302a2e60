"""Generic Jinja helpers: pagination windows, dict trimming, Markdown rendering."""

from __future__ import annotations

from flask import Flask

from storefront.markup import render_markdown

PAGINATION_WINDOW = 2


def page_window(page: int, pages: int) -> list[int | None]:
    """E.g. page 7 of 20 → [1, None, 5, 6, 7, 8, 9, None, 20]; None marks a gap."""
    low, high = max(1, page - PAGINATION_WINDOW), min(pages, page + PAGINATION_WINDOW)
    shown = sorted({1, pages, *range(low, high + 1)})
    numbers: list[int | None] = []
    for number in shown:
        if numbers and number - numbers[-1] > 1:
            numbers.append(None)
        numbers.append(number)
    return numbers


def without(mapping: dict, *keys: str) -> dict:
    return {key: value for key, value in mapping.items() if key not in keys}


def init_app(app: Flask) -> None:
    app.add_template_global(page_window)
    app.add_template_filter(without)
    app.add_template_filter(render_markdown, "markdown")
