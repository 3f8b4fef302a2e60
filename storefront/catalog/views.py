"""Public catalogue pages: product pages, producers (the product list is search/views.py)."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, g, render_template

from storefront.catalog import labels, queries
from storefront.catalog.certificates import current_certificate
from storefront.clock import today
from storefront.page_cache import shared_page
from storefront.pagination import requested_page

bp = Blueprint("catalog", __name__, template_folder="templates")
for _name, _function in labels.TEMPLATE_FILTERS.items():
    bp.add_app_template_filter(_function, _name)

PRODUCER_PAGE_PRODUCTS = 12


@bp.get("/products/<slug>")
@shared_page
def product(slug: str):
    item = queries.product_by_slug(slug)
    if item is None:
        abort(404)
    day = today()
    return render_template(
        "catalog/product.html",
        product=item,
        text=item.text(g.lang),
        certificate=current_certificate(item.certificates),
        trail=queries.category_with_parent_texts(item.category),
        related=queries.related_products(item, day),
        today=day,
    )


@bp.get("/producers")
@shared_page
def producers():
    page = queries.producers_page(requested_page(), current_app.config["PRODUCERS_PAGE_SIZE"])
    if page.page > page.pages:
        abort(404)
    return render_template("catalog/producers.html", result=page)


@bp.get("/producers/<slug>")
@shared_page
def producer(slug: str):
    item = queries.producer_by_slug(slug)
    if item is None:
        abort(404)
    day = today()
    products, total = queries.producer_products(item, day, PRODUCER_PAGE_PRODUCTS)
    return render_template(
        "catalog/producer.html", producer=item, text=item.text(g.lang), products=products,
        product_total=total, today=day,
    )
