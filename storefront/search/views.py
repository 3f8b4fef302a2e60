"""``/<lang>/products``: the catalogue, which is also the search results page."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, g, render_template, request

from storefront.catalog import labels
from storefront.catalog.filters import parse_filters
from storefront.clock import today
from storefront.page_cache import shared_page
from storefront.search.queries import search_catalogue

bp = Blueprint("search", __name__, template_folder="templates")


@bp.get("/products")
@shared_page
def products():
    filters = parse_filters(request.args)
    page_size = current_app.config["CATALOGUE_PAGE_SIZE"]
    day = today()
    result = search_catalogue(filters, g.lang, day, page_size)
    if result.page > result.pages:
        abort(404)
    messages = [*filters.errors, *(labels.UNKNOWN_FILTERS[name] for name in result.unknown)]
    return render_template(
        "search/products.html", filters=filters, result=result, messages=messages, today=day,
    ), 400 if messages else 200
