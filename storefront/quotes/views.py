"""``/<lang>/quotes/…``: a verified distributor's quote list, requests and negotiation.

The producer's side of the same requests is in the producer portal; both render
``quotes/detail.html`` through ``detail_page``.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    flash,
    g,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from storefront.accounts.forms import ConfirmForm
from storefront.accounts.permissions import verified_distributor_required
from storefront.catalog.models import Product
from storefront.catalog.services import OutOfStockError
from storefront.clock import today
from storefront.db import retry_when_busy
from storefront.errors import DomainError
from storefront.extensions import db
from storefront.form_errors import show_error
from storefront.numbers import parse_id
from storefront.orders import services as orders
from storefront.orders.states import METHOD_LABELS, PaymentMethod
from storefront.pagination import requested_page
from storefront.quotes import queries, services, wholesale
from storefront.quotes.forms import (
    AcceptForm,
    ListLineForm,
    OfferForm,
    QuantityForm,
    SubmitListForm,
    TextForm,
    offer_prices,
)
from storefront.quotes.states import (
    STATUS_LABELS,
    TERMS_LABELS,
    Party,
    QuoteStatus,
    allowed,
)
from storefront.security import safe_next

bp = Blueprint("quotes", __name__, template_folder="templates")
PAGE_SIZE = 20
bp.add_app_template_filter(lambda s: str(STATUS_LABELS.get(s, s)), "quote_status")
bp.add_app_template_filter(lambda t: str(TERMS_LABELS.get(t, t)), "payment_terms")
ROLE_LABELS = {"distributor": _l("distributor"), "producer": _l("producer"),
               "system": _l("automatic")}
bp.add_app_template_filter(lambda r: str(ROLE_LABELS.get(r, r)), "quote_role")


@bp.app_template_global("quote_allowed")
def quote_allowed(found, to: str, party: str) -> bool:
    """For the detail page: may ``party`` move this request to ``to`` now?"""
    return allowed(found.status, QuoteStatus(to), Party(party))


@bp.app_template_global("quote_of_order")
def quote_of_order(order):
    """For the order page: the quote an order came from, if any."""
    return queries.request_of_order(order)


# -- the list ---------------------------------------------------------------------------------

@bp.post("/quotes/list/add")
@verified_distributor_required
def add_to_list():
    form = QuantityForm()
    product_id = parse_id(request.form.get("product_id"))
    product = db.session.get(Product, product_id) if product_id else None
    back = safe_next(request.form.get("next")) or url_for("quotes.quote_list")
    if product is None or not form.validate_on_submit():
        flash(gettext("Enter a whole number."), "error")
        return redirect(back)
    try:
        wholesale.add_to_list(current_user, product, form.quantity.data, g.lang)
    except wholesale.QuoteError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(back)
    db.session.commit()
    flash(gettext("Added to your quote list."), "info")
    return redirect(back)


@bp.get("/quotes/list")
@verified_distributor_required
def quote_list():
    return _render_list(SubmitListForm())


def _render_list(form: SubmitListForm, status: int = 200):
    lines = wholesale.list_lines(current_user)
    producers = len({line.product.producer_id for line in lines})
    return render_template("quotes/list.html", lines=lines, form=form, producers=producers,
                           confirm=ConfirmForm(), wholesale=wholesale, today=today()), status


def _own_line(line_id: int):
    line = wholesale.list_line(current_user, line_id)
    if line is None:
        abort(404)
    return line


@bp.post("/quotes/list/lines/<int:line_id>")
@verified_distributor_required
def update_line(line_id: int):
    line = _own_line(line_id)
    form = ListLineForm()
    if not form.validate_on_submit():
        flash(" ".join(str(e) for errors in form.errors.values() for e in errors), "error")
        return redirect(url_for("quotes.quote_list"))
    try:
        wholesale.update_line(line, form.quantity.data, form.target_price.data, g.lang)
    except wholesale.QuoteError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(gettext("Saved."), "info")
    return redirect(url_for("quotes.quote_list"))


@bp.post("/quotes/list/lines/<int:line_id>/delete")
@verified_distributor_required
def remove_line(line_id: int):
    line = _own_line(line_id)
    if ConfirmForm().validate_on_submit():
        wholesale.remove_line(line)
        db.session.commit()
    return redirect(url_for("quotes.quote_list"))


@bp.post("/quotes/list/submit")
@verified_distributor_required
def submit_list():
    form = SubmitListForm()
    if not form.validate_on_submit():
        return _render_list(form, 400)
    try:
        made = services.submit_list(current_user, province_code=form.province_code.data,
                                    needed_by=form.needed_by.data,
                                    message=form.message.data or "", locale=g.lang)
    except wholesale.QuoteError as error:
        db.session.rollback()
        show_error(form, error)
        return _render_list(form, 409)
    db.session.commit()
    flash(gettext("Sent: %(numbers)s. Each producer answers on its own request.",
                  numbers=", ".join(r.number for r in made)), "info")
    return redirect(url_for("quotes.index"))


# -- requests ---------------------------------------------------------------------------------

def status_argument() -> str | None:
    raw = request.args.get("status") or None
    if raw is not None and raw not in {str(s) for s in QuoteStatus}:
        abort(404)
    return raw



@bp.get("/quotes/")
@verified_distributor_required
def index():
    status = status_argument()
    page = queries.requests_of_distributor(current_user.id, status, requested_page(), PAGE_SIZE)
    if page.page > page.pages:
        abort(404)
    return render_template("quotes/index.html", page=page, status=status,
                           statuses=list(QuoteStatus), party="distributor")


def _request_as(number: str, party: Party):
    found = queries.request_by_number(number)
    if found is None or services.party_of(found, current_user) != party:
        abort(404)  # another distributor's request is "not found", not "forbidden"
    return found


def detail_page(found, party: Party, status: int = 200, **forms):
    """The negotiation page for either party, with the forms its turn offers."""
    quote = found.current_quote
    accept = forms.get("accept") or AcceptForm(formdata=None)
    if quote is not None:
        accept.payment_method.choices = [
            SelectChoice(str(m), METHOD_LABELS[m]) for m in services.payment_methods(
                quote, PaymentMethod.CARD in orders.available_methods())]
        if party == Party.DISTRIBUTOR and not accept.phone.data:
            profile = current_user.distributor
            accept.phone.data = profile.phone if profile else current_user.phone
            if not accept.payment_method.data and accept.payment_method.choices:
                accept.payment_method.data = accept.payment_method.choices[0].value
    return make_response(render_template(
        "quotes/detail.html", request_=found, party=str(party), quote=quote,
        offer=forms.get("offer") or _offer_prefilled(quote), accept=accept,
        text=forms.get("text") or TextForm(formdata=None), confirm=ConfirmForm(),
        today=today(), tier_price=wholesale.tier_price), status)


def _offer_prefilled(quote) -> OfferForm:
    """A new quote starts from the last one's terms; only the prices usually change."""
    if quote is None:
        return OfferForm(formdata=None)
    return OfferForm(formdata=None, data={
        "lead_time_days": quote.lead_time_days, "shipping_vnd": quote.shipping_vnd,
        "shipping_terms": quote.shipping_terms, "payment_terms": str(quote.payment_terms)})


@bp.get("/quotes/<number>")
@verified_distributor_required
def view(number: str):
    return detail_page(_request_as(number, Party.DISTRIBUTOR), Party.DISTRIBUTOR)


@bp.get("/quotes/<number>/print")
@verified_distributor_required
def printable(number: str):
    return render_template("quotes/print.html", request_=_request_as(number, Party.DISTRIBUTOR))


def act(found, party: Party, work, form_name: str, form, success: str):
    """Run one negotiation move: refusals are shown on the page (409), never a 500."""
    if not form.validate_on_submit():
        return detail_page(found, party, 400, **{form_name: form})
    try:
        retry_when_busy(lambda: _commit(work), db.session.rollback)
    except (DomainError, OutOfStockError) as error:
        db.session.rollback()
        found = queries.request_by_number(found.number)
        show_error(form, error)
        return detail_page(found, party, 409, **{form_name: form})
    flash(success, "info")
    endpoint = "quotes.view" if party == Party.DISTRIBUTOR else "producer_portal.quote"
    return redirect(url_for(endpoint, number=found.number))


def _commit(work):
    result = work()
    db.session.commit()
    return result


@bp.post("/quotes/<number>/accept")
@verified_distributor_required
def accept(number: str):
    found = _request_as(number, Party.DISTRIBUTOR)
    form = AcceptForm()
    profile = current_user.distributor

    def work():
        contact = orders.Contact(
            name=profile.contact_person or current_user.name, email=current_user.email,
            phone=form.phone.data, street=form.street.data, commune=form.commune.data,
            province_code=found.delivery_province, note=found.number)
        method = PaymentMethod(form.payment_method.data) if form.payment_method.data in {
            str(m) for m in PaymentMethod} else None
        if method is None:
            raise wholesale.QuoteError(gettext("Choose a way to pay."), field="payment_method")
        return services.accept(found, current_user, contact, method=method, locale=g.lang,
                               card_offered=PaymentMethod.CARD in orders.available_methods())

    response = act(found, Party.DISTRIBUTOR, work, "accept", form,
                   gettext("Quote accepted: your order is placed."))
    if response.status_code == 302 and found.order is not None:
        order = found.order
        endpoint = "payments.card" if order.payment_method == PaymentMethod.CARD \
            else "orders.view"
        return redirect(url_for(endpoint, number=order.number))
    return response


@bp.post("/quotes/<number>/counter")
@verified_distributor_required
def counter(number: str):
    found = _request_as(number, Party.DISTRIBUTOR)
    form = OfferForm()

    def work():
        prices = offer_prices(request.form, [line.id for line in found.lines])
        if prices is None:
            raise wholesale.QuoteError(gettext("Give a quantity and a unit price for every "
                                               "line."))
        return services.counter(found, current_user, services.Offer(
            prices=prices, note=form.note.data or ""))

    return act(found, Party.DISTRIBUTOR, work, "offer", form,
               gettext("Counter-offer sent to the producer."))


@bp.post("/quotes/<number>/answer")
@verified_distributor_required
def answer(number: str):
    found = _request_as(number, Party.DISTRIBUTOR)
    form = TextForm()
    return act(found, Party.DISTRIBUTOR,
               lambda: services.answer_question(found, current_user, form.body.data), "text",
               form, gettext("Answer sent: the request is back with the producer."))


@bp.post("/quotes/<number>/decline")
@verified_distributor_required
def decline(number: str):
    found = _request_as(number, Party.DISTRIBUTOR)
    form = TextForm()
    return act(found, Party.DISTRIBUTOR, lambda: services.decline(
        found, current_user, Party.DISTRIBUTOR, form.body.data), "text", form,
        gettext("Declined."))


@bp.post("/quotes/<number>/cancel")
@verified_distributor_required
def cancel(number: str):
    found = _request_as(number, Party.DISTRIBUTOR)
    return act(found, Party.DISTRIBUTOR, lambda: services.cancel(found, current_user),
               "confirm", ConfirmForm(), gettext("Request cancelled."))


@bp.post("/quotes/<number>/messages")
@verified_distributor_required
def message(number: str):
    found = _request_as(number, Party.DISTRIBUTOR)
    form = TextForm()
    return act(found, Party.DISTRIBUTOR, lambda: services.post_message(
        found, current_user, Party.DISTRIBUTOR, form.body.data), "text", form,
        gettext("Message sent."))
