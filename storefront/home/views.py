"""``/<lang>/``: featured products and the ways in — by stars, by category, by origin."""

from __future__ import annotations

from flask import Blueprint, current_app, g, render_template

from storefront.catalog import queries
from storefront.clock import today

bp = Blueprint("home", __name__, template_folder="templates")


@bp.get("/")
def index():
    day = today()
    return render_template(
        "home/index.html",
        featured=queries.featured_products(current_app.config["HOME_FEATURED_COUNT"]),
        overview=queries.overview(g.lang, day),
        today=day,
    )
