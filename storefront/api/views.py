"""``/api/v1/…``: the read-only JSON API for distributors' and tourism partners' systems.

Every answer carries an ETag (a hash of its body: ``If-None-Match`` gets ``304``) and
``Cache-Control``; errors are application/problem+json (storefront.errors); the whole
blueprint is rate-limited (RATELIMIT_API, ``429`` with ``Retry-After``). Lists are keyset
pages: ``next_cursor`` (the last id seen) stays valid however the catalogue grows.
"""

from __future__ import annotations

import hashlib
import json

from flask import Blueprint, Response, abort, current_app, render_template, request, url_for
from flask_babel import force_locale, gettext

from storefront.api import queries, serializers
from storefront.api.openapi import openapi_document
from storefront.catalog import queries as catalog_queries
from storefront.catalog.certificates import current_certificate
from storefront.catalog.filters import parse_filters
from storefront.catalog.listing import all_categories, all_districts, resolve_filters
from storefront.clock import today
from storefront.extensions import limiter
from storefront.numbers import MAX_ID, is_ascii_digits
from storefront.search.queries import search_catalogue, suggest

bp = Blueprint("api", __name__, template_folder="templates")
limiter.limit(lambda: current_app.config["RATELIMIT_API"])(bp)

MAX_SUGGEST_QUERY = 100
DEFAULT_LIMIT, MAX_LIMIT = 24, 100
CACHE_SECONDS = 60


@bp.get("/products")
def products():
    lang, limit, after = _lang(), _limit(), _cursor()
    filters = parse_filters(request.args)
    if filters.q:
        _bad(gettext("Use /api/v1/search for words."))
    empty_range = _check_filters(filters)
    resolved, unknown = resolve_filters(filters, all_categories(), all_districts())
    if set(unknown) - {"producer"}:  # category and district slugs are listed in the spec
        _bad(gettext("Unknown %(names)s.", names=", ".join(sorted(set(unknown)))))
    day = today()
    # A producer not (or no longer) listed, or a price range with nothing in it: no products.
    found = ([] if "producer" in unknown or empty_range
             else queries.products_after(resolved, day, after, limit + 1))
    return _json(_keyset_page(found, limit, lambda p: serializers.product_summary(p, lang, day)))


@bp.get("/products/<slug>")
def product(slug: str):
    item = catalog_queries.product_by_slug(slug)
    if item is None:
        abort(404)
    return _json(serializers.product_detail(item, _lang(), today(),
                                            current_certificate(item.certificates)))


@bp.get("/producers")
def producers():
    lang, limit, after = _lang(), _limit(), _cursor()
    found = queries.producers_after(after, limit + 1)
    return _json(_keyset_page(found, limit, lambda p: serializers.producer_summary(p, lang)))


@bp.get("/producers/<slug>")
def producer(slug: str):
    item = catalog_queries.producer_by_slug(slug)
    if item is None:
        abort(404)
    return _json(serializers.producer_detail(item, _lang()))


@bp.get("/categories")
def categories():
    lang = _lang()
    return _json({"items": [serializers.category(c, lang) for c in queries.categories()]})


@bp.get("/search")
def search():
    lang, limit = _lang(), _limit()
    if "q" not in request.args:
        _bad(gettext("q is required."))
    text = " ".join(request.args["q"].split())
    if len(text) > MAX_SUGGEST_QUERY:
        _bad(gettext("q is limited to %(num)s characters", num=MAX_SUGGEST_QUERY))
    offset = _search_position()
    if not text:  # only spaces or control characters: nothing to look for, nothing found
        return _json({"query": "", "total": 0, "suggestion": None, "items": [],
                      "next_cursor": None})
    day = today()
    result = search_catalogue(parse_filters({"q": text}), lang, day, limit, offset)
    following = offset + len(result.products)
    return _json({"query": text, "total": result.total, "suggestion": result.suggestion,
                  "items": [serializers.product_summary(p, lang, day)
                            for p in result.products],
                  "next_cursor": str(following) if following < result.total else None})


@bp.get("/suggest")
def suggestions():
    """Names starting like ``q``: categories, products and producers, with their pages."""
    text, lang = (request.args.get("q") or "").strip(), _lang()
    if len(text) > MAX_SUGGEST_QUERY:
        _bad(gettext("q is limited to %(num)s characters", num=MAX_SUGGEST_QUERY))
    links = {
        "category": lambda slug: url_for("search.products", lang=lang, category=slug),
        "product": lambda slug: url_for("catalog.product", lang=lang, slug=slug),
        "producer": lambda slug: url_for("catalog.producer", lang=lang, slug=slug),
    }
    return _json({"query": text, "suggestions": [
        {"kind": item.kind, "label": item.label, "url": links[item.kind](item.slug)}
        for item in suggest(text, lang)]})


@bp.get("/openapi.json")
def openapi():
    return _json(openapi_document())


@bp.get("/docs")
def docs():
    with force_locale("en"):  # the reference is written in English, like the spec
        return render_template("api/docs.html", spec=openapi_document(), lang="en")


# -- shared ------------------------------------------------------------------------------------

def _check_filters(filters) -> bool:
    """The pages ignore a bad filter with a notice; a program is told which one, and why.

    Returns True for a price range that holds nothing (price_min above price_max): a valid
    question whose answer is an empty list.
    """
    bad = [name for name in ("stars", "price_min", "price_max")
           if request.args.get(name) and getattr(filters, name) is None]
    if {"price_min", "price_max"} <= set(bad) and all(
            is_ascii_digits(request.args[name]) for name in ("price_min", "price_max")):
        return True
    if bad:
        _bad(gettext("These parameters are not valid: %(names)s.", names=", ".join(bad)))
    return False


def _lang() -> str:
    lang = request.args.get("lang") or current_app.config["BABEL_DEFAULT_LOCALE"]
    if lang not in current_app.config["LANGUAGES"]:
        _bad(gettext("lang must be one of: %(languages)s",
                     languages=", ".join(current_app.config["LANGUAGES"])))
    return lang


def _limit() -> int:
    raw = request.args.get("limit", str(DEFAULT_LIMIT))
    if not is_ascii_digits(raw) or not 1 <= int(raw) <= MAX_LIMIT:
        _bad(gettext("limit must be a whole number from 1 to %(num)s", num=MAX_LIMIT))
    return int(raw)


def _cursor() -> int:
    """The last id of the previous page: keyset paging needs nothing more."""
    raw = request.args.get("cursor")
    if not raw:
        return 0
    if not is_ascii_digits(raw) or len(raw) > 12:
        _bad(gettext("The cursor is not one this API gave out."))
    # Ids are 32-bit integers: a cursor beyond the last possible id has nothing after it
    # (and must not reach PostgreSQL, which would refuse the comparison).
    return min(int(raw), MAX_ID)


def _search_position() -> int:
    """A search cursor is a position in the ranking (relevance has no key to page by):
    results may shift if the catalogue changes between two calls."""
    raw = request.args.get("cursor")
    if not raw:
        return 0
    if not is_ascii_digits(raw) or len(raw) > 12:
        _bad(gettext("The cursor is not one this API gave out."))
    return int(raw)


def _keyset_page(found: list, limit: int, describe) -> dict:
    """``found`` holds up to limit + 1 rows: the extra one only says a next page exists."""
    page = found[:limit]
    return {"items": [describe(row) for row in page],
            "next_cursor": str(page[-1].id) if len(found) > limit else None}


def _bad(detail: str):
    abort(400, description=detail)


def _json(data) -> Response:
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    response = Response(body, mimetype="application/json")
    response.set_etag(hashlib.sha256(body.encode()).hexdigest()[:32], weak=True)
    response.headers["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    response.headers["Vary"] = "Accept-Encoding"
    return response.make_conditional(request)
