"""``/<lang>/producer/…``: staff see their producer's listings (only their producer's)."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask_login import current_user

from storefront.accounts.permissions import owns_producer, producer_staff_required
from storefront.catalog import queries
from storefront.clock import today

bp = Blueprint("producer_portal", __name__, template_folder="templates")


@bp.get("/")
@producer_staff_required
def index():
    producer = queries.producer_by_id(current_user.producer_id)
    return render_template("producer_portal/index.html", producer=producer,
                           products=queries.products_of_producer(producer.id), today=today())


@bp.get("/products/<int:product_id>")
@producer_staff_required
def product(product_id: int):
    item = queries.product_with_certificates(product_id)
    # Another producer's product is "not found", not "forbidden": ids reveal nothing.
    if item is None or not owns_producer(current_user, item.producer_id):
        abort(404)
    return render_template("producer_portal/product.html", product=item, today=today())
