"""The office's directories: every product, every account (suspend or restore one), and
every quote request, each searchable, filtered and paginated."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user

from storefront.accounts import services as accounts
from storefront.accounts.permissions import admin_required
from storefront.admin import queries
from storefront.admin.blueprint import PAGE_SIZE, bp, status_argument
from storefront.admin.forms import DecisionForm
from storefront.catalog import services as catalog_services
from storefront.clock import today
from storefront.errors import DomainError
from storefront.extensions import db
from storefront.pagination import requested_page
from storefront.quotes import queries as quote_queries
from storefront.quotes.states import QuoteStatus


def _query_text() -> str:
    return request.args.get("q", "").strip()[:100]


@bp.get("/products")
@admin_required
def products():
    status, q = status_argument(queries.PRODUCT_STATUSES, "all"), _query_text()
    return render_template("admin/products.html", status=status, q=q, today=today(),
                           statuses=queries.PRODUCT_STATUSES,
                           action_form=DecisionForm(formdata=None),
                           page=queries.products(status, q, requested_page(), PAGE_SIZE))


@bp.get("/users")
@admin_required
def users():
    role = request.args.get("role", "all")
    if role not in queries.USER_ROLES:
        abort(404)
    q = _query_text()
    return render_template("admin/users.html", role=role, q=q, roles=queries.USER_ROLES,
                           page=queries.users(role, q, requested_page(), PAGE_SIZE),
                           action_form=DecisionForm(formdata=None))


@bp.post("/users/<int:user_id>/<any(suspend, restore):action>")
@admin_required
def user_access(user_id: int, action: str):
    person = queries.user(user_id)
    if person is None:
        abort(404)
    if not DecisionForm().validate_on_submit():
        abort(400)
    try:
        accounts.set_active(current_user, person, action == "restore")
    except accounts.AccountError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(gettext("%(email)s is suspended and signed out.", email=person.email)
              if action == "suspend" else gettext("%(email)s can sign in again.",
                                                  email=person.email), "info")
    return redirect(url_for("admin.users", q=person.email))


@bp.get("/quotes")
@admin_required
def quotes():
    status = request.args.get("status") or None
    if status is not None and status not in {str(s) for s in QuoteStatus}:
        abort(404)
    return render_template("admin/quotes.html", status=status, statuses=list(QuoteStatus),
                           page=quote_queries.all_requests(status, requested_page(), PAGE_SIZE))


@bp.get("/quotes/<number>")
@admin_required
def quote(number: str):
    found = quote_queries.request_by_number(number)
    if found is None:
        abort(404)
    return render_template("quotes/print.html", request_=found)


@bp.post("/products/<int:product_id>/<any(feature, unfeature):action>")
@admin_required
def feature_product(product_id: int, action: str):
    """Home-page curation: "Featured products" shows the products the office picks."""
    item = queries.product(product_id)
    if item is None:
        abort(404)
    if not DecisionForm().validate_on_submit():
        abort(400)
    try:
        catalog_services.set_featured(item, action == "feature")
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        name = item.text(g.lang).name
        flash(gettext("%(name)s is featured on the home page.", name=name) if item.featured
              else gettext("%(name)s is no longer featured.", name=name), "info")
    return redirect(url_for("admin.products", q=item.sku))
