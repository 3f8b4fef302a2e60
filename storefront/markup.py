"""Markdown → safe HTML for stories written by producers and the office.

markdown-it renders CommonMark with raw HTML disabled; nh3 (ammonia) then keeps only the
tags and attributes below, so even a bug in the renderer cannot let a script through.
"""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "blockquote", "ul", "ol", "li", "h3", "h4", "a", "hr", "code",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}

_renderer = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


def render_markdown(text: str | None) -> Markup:
    if not text:
        return Markup("")
    html = _renderer.render(text)
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer",
    )
    return Markup(cleaned)  # noqa: S704 - sanitised by nh3 just above
