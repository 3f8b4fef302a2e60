"""The producer portal's blueprint, shared by its route modules (listings, orders,
quotes, batches, profile), and the lookup every route uses to stay within its producer."""

from __future__ import annotations

from flask import Blueprint, abort
from flask_login import current_user

from storefront.accounts.permissions import owns_producer
from storefront.catalog import queries

bp = Blueprint("producer_portal", __name__, template_folder="templates")
PAGE_SIZE = 25


def own_product(product_id: int):
    """The signed-in staff's product; another producer's product is "not found"."""
    item = queries.product_with_certificates(product_id)
    if item is None or not owns_producer(current_user, item.producer_id):
        abort(404)
    return item
