"""The public traceability page of a batch, and its short link for QR codes."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, url_for

from storefront.catalog.certificates import current_certificate
from storefront.clock import today
from storefront.i18n import preferred_language
from storefront.traceability import queries
from storefront.traceability.labels import STANDARD_NAMES

bp = Blueprint("traceability", __name__, template_folder="templates")
short_bp = Blueprint("trace_short", __name__)


@bp.get("/trace/<code>")
def trace(code: str):
    batch = queries.batch_by_code(code)
    if batch is None:
        abort(404)
    product = batch.product
    return render_template("traceability/trace.html", batch=batch, product=product,
                           certificate=current_certificate(product.certificates),
                           today=today(), standard_names=STANDARD_NAMES)


@short_bp.get("/t/<code>")
def short(code: str):
    """What the QR code on the package holds: short, then the page in the reader's language."""
    return redirect(url_for("traceability.trace", lang=preferred_language(), code=code))
