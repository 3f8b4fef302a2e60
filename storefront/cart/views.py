"""``/<lang>/cart``: the cart page and its forms (every form works without JavaScript;
with it, adding answers JSON so the page need not reload)."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext
from flask_login import current_user, user_logged_in
from flask_wtf.csrf import generate_csrf

from storefront.accounts.forms import ConfirmForm
from storefront.cart import services
from storefront.cart.models import CartLine
from storefront.catalog.models import Product
from storefront.extensions import csrf, db
from storefront.geography import PROVINCES_BY_CODE, province_choices
from storefront.numbers import MAX_ID, parse_bounded
from storefront.security import safe_next
from storefront.shipping import check_rates

bp = Blueprint("cart", __name__, template_folder="templates")
bp.record_once(lambda state: check_rates(state.app.config.get("SHIPPING_RATES")))

COOKIE = "cart"
COOKIE_MAX_AGE = 60 * 60 * 24 * 60


def current_cart(create: bool = False):
    token = request.cookies.get(COOKIE)
    user = current_user if current_user.is_authenticated else None
    if create:
        cart = services.ensure_cart(token, user)
        if user is None and token != cart.token:
            g.set_cart_cookie = cart.token
        return cart
    return services.find_cart(token, user)


@bp.after_app_request
def _cart_cookie(response):
    if g.get("set_cart_cookie"):
        response.set_cookie(COOKIE, g.set_cart_cookie, max_age=COOKIE_MAX_AGE, httponly=True,
                            samesite="Lax", secure=current_app.config["SESSION_COOKIE_SECURE"])
    elif g.get("clear_cart_cookie"):
        response.delete_cookie(COOKIE)
    return response


@user_logged_in.connect
def _merge_on_sign_in(sender, user, **extra):
    token = request.cookies.get(COOKIE)
    if token:
        services.merge_guest_cart(token, user)
        g.clear_cart_cookie = True


@bp.app_context_processor
def _cart_in_header():
    def cart_quantity() -> int:
        cart = current_cart()
        return cart.quantity if cart else 0
    return {"cart_quantity": cart_quantity}


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


def _quantity(raw: str | None) -> int | None:
    """A whole number from a form field (a quantity, where 0 removes the line, or an id),
    or None; bounded so that it cannot overflow an integer column."""
    return parse_bounded(raw, 0, MAX_ID)


def _province() -> str | None:
    code = request.args.get("province")
    if code in PROVINCES_BY_CODE:
        return code
    if current_user.is_authenticated and current_user.addresses:
        return current_user.addresses[0].province_code
    return None


@bp.get("/cart")
def view():
    cart = current_cart()
    summary = services.summarise(cart, _province())
    return render_template("cart/cart.html", summary=summary, provinces=province_choices(),
                           confirm=ConfirmForm())


@bp.get("/cart/token")
def token():
    """A CSRF token for the add-to-cart forms of shared pages, which carry none."""
    response = jsonify(csrf_token=generate_csrf())
    response.headers["Cache-Control"] = "no-store"
    return response


def _confirm_add(product: Product, quantity: int):
    """The form came without a valid token (a shared page, no JavaScript; or it expired):
    nothing is added until the visitor confirms with this form, which carries one."""
    if _wants_json():
        return jsonify(ok=False, message=gettext(
            "The form expired or was sent from elsewhere. Please try again.")), 400
    return render_template("cart/confirm_add.html", product=product, quantity=quantity,
                           next=safe_next(request.form.get("next")) or "")


@bp.post("/cart/add")
@csrf.exempt  # the form checks its own token, so a missing one can ask to confirm instead
def add():
    form = ConfirmForm()
    quantity = _quantity(request.form.get("quantity", "1"))
    product = db.session.get(Product, _quantity(request.form.get("product_id")) or 0)
    if quantity is None or product is None or not form.is_submitted():
        abort(400)  # a tampered form; a product gone from sale is explained below
    if not form.validate():
        return _confirm_add(product, quantity)
    cart = current_cart(create=True)
    try:
        problem = services.add_to_cart(cart, product, quantity)
    except services.CartError as error:
        db.session.rollback()
        if _wants_json():
            return jsonify(ok=False, message=str(error.message)), 400
        flash(error.message, "error")
        return redirect(url_for("cart.view"))
    db.session.commit()
    message = problem or gettext("Added to your cart.")
    if _wants_json():
        return jsonify(ok=problem is None, message=message, quantity=cart.quantity)
    flash(message, "error" if problem else "info")
    return redirect(safe_next(request.form.get("next")) or url_for("cart.view"))


def _own_line(line_id: int, cart) -> CartLine:
    line = db.session.get(CartLine, line_id)
    if cart is None or line is None or line.cart_id != cart.id:
        abort(404)
    return line


@bp.post("/cart/lines/<int:line_id>")
def update(line_id: int):
    cart = current_cart()
    line = _own_line(line_id, cart)
    quantity = _quantity(request.form.get("quantity"))
    if not ConfirmForm().validate_on_submit() or quantity is None:
        flash(gettext("Enter a quantity as a whole number."), "error")
        return redirect(url_for("cart.view"))
    try:
        problem = services.set_quantity(cart, line, quantity)
    except services.CartError as error:
        flash(error.message, "error")
    else:
        db.session.commit()
        if problem:
            flash(problem, "error")
    return redirect(url_for("cart.view"))


@bp.post("/cart/lines/<int:line_id>/remove")
def remove(line_id: int):
    cart = current_cart()
    line = _own_line(line_id, cart)
    if ConfirmForm().validate_on_submit():
        services.remove_line(cart, line)
        db.session.commit()
    return redirect(url_for("cart.view"))
