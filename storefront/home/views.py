"""``/<lang>/``: the office's running collections, featured products, coming events, and
the ways in — by stars, by category, by origin."""

from __future__ import annotations

from flask import Blueprint, current_app, g, render_template

from storefront.catalog import queries
from storefront.clock import today
from storefront.page_cache import shared_page
from storefront.promotion import queries as promotion_queries

HOME_COLLECTION_PRODUCTS = 4
HOME_EVENTS = 3

bp = Blueprint("home", __name__, template_folder="templates")


@bp.get("/")
@shared_page
def index():
    day = today()
    collections = promotion_queries.home_collections(day)
    return render_template(
        "home/index.html",
        collections=[(collection, promotion_queries.shown_products(
            collection, HOME_COLLECTION_PRODUCTS)) for collection in collections],
        events=promotion_queries.upcoming_events(day)[:HOME_EVENTS],
        featured=queries.featured_products(current_app.config["HOME_FEATURED_COUNT"]),
        overview=queries.overview(g.lang, day),
        today=day,
    )
