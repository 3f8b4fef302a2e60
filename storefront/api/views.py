"""``/api/v1/…`` endpoints. Errors are application/problem+json (see storefront.errors)."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, jsonify, request, url_for
from flask_babel import gettext

from storefront.search.queries import suggest

bp = Blueprint("api", __name__)

MAX_SUGGEST_QUERY = 100


@bp.get("/suggest")
def suggestions():
    """Names starting like ``q``: categories, products and producers, with their pages."""
    text = (request.args.get("q") or "").strip()
    lang = request.args.get("lang") or current_app.config["BABEL_DEFAULT_LOCALE"]
    if lang not in current_app.config["LANGUAGES"]:
        abort(400, description=gettext("lang must be one of: %(languages)s",
                                       languages=", ".join(current_app.config["LANGUAGES"])))
    if len(text) > MAX_SUGGEST_QUERY:
        abort(400, description=gettext("q is limited to %(num)s characters",
                                       num=MAX_SUGGEST_QUERY))
    items = suggest(text, lang)
    links = {
        "category": lambda slug: url_for("search.products", lang=lang, category=slug),
        "product": lambda slug: url_for("catalog.product", lang=lang, slug=slug),
        "producer": lambda slug: url_for("catalog.producer", lang=lang, slug=slug),
    }
    response = jsonify(
        query=text,
        suggestions=[{"kind": item.kind, "label": item.label, "url": links[item.kind](item.slug)}
                     for item in items],
    )
    response.headers["Cache-Control"] = "public, max-age=60"
    return response
