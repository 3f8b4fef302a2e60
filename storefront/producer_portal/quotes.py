"""Quote requests addressed to the producer: inbox, quote, question, decline, messages."""

from __future__ import annotations

from flask import abort, render_template, request
from flask_babel import gettext
from flask_login import current_user

from storefront.accounts.permissions import producer_staff_required
from storefront.pagination import requested_page
from storefront.producer_portal.blueprint import bp
from storefront.quotes import queries as quote_queries
from storefront.quotes import services as quote_services
from storefront.quotes import views as quote_views
from storefront.quotes.forms import OfferForm, TextForm, offer_prices
from storefront.quotes.states import Party, PaymentTerms, QuoteStatus
from storefront.quotes.wholesale import QuoteError

# -- quote requests ----------------------------------------------------------------------------

@bp.get("/quotes")
@producer_staff_required
def quotes():
    status = quote_views.status_argument()
    page = quote_queries.inbox_of_producer(current_user.producer_id, status,
                                           requested_page(), quote_views.PAGE_SIZE)
    if page.page > page.pages:
        abort(404)
    return render_template("quotes/index.html", page=page, status=status,
                           statuses=list(QuoteStatus), party="producer")


def _quote(number: str):
    found = quote_queries.request_by_number(number)
    if found is None or quote_services.party_of(found, current_user) != Party.PRODUCER:
        abort(404)
    return found


@bp.get("/quotes/<number>")
@producer_staff_required
def quote(number: str):
    return quote_views.detail_page(_quote(number), Party.PRODUCER)


@bp.get("/quotes/<number>/print")
@producer_staff_required
def quote_print(number: str):
    return render_template("quotes/print.html", request_=_quote(number))


@bp.post("/quotes/<number>/quote")
@producer_staff_required
def quote_send(number: str):
    found = _quote(number)
    form = OfferForm()

    def work():
        prices = offer_prices(request.form, [line.id for line in found.lines])
        if prices is None:
            raise QuoteError(gettext("Give a quantity and a unit price for every line."))
        return quote_services.send_quote(found, current_user, quote_services.Offer(
            prices=prices, note=form.note.data or "", valid_until=form.valid_until.data,
            lead_time_days=form.lead_time_days.data, shipping_vnd=form.shipping_vnd.data or 0,
            shipping_terms=form.shipping_terms.data or "",
            payment_terms=PaymentTerms(form.payment_terms.data)))

    return quote_views.act(found, Party.PRODUCER, work, "offer", form,
                           gettext("Quote sent to the distributor."))


@bp.post("/quotes/<number>/ask")
@producer_staff_required
def quote_ask(number: str):
    found = _quote(number)
    form = TextForm()
    return quote_views.act(found, Party.PRODUCER, lambda: quote_services.ask_question(
        found, current_user, form.body.data), "text", form, gettext("Question sent."))


@bp.post("/quotes/<number>/decline")
@producer_staff_required
def quote_decline(number: str):
    found = _quote(number)
    form = TextForm()
    return quote_views.act(found, Party.PRODUCER, lambda: quote_services.decline(
        found, current_user, Party.PRODUCER, form.body.data), "text", form,
        gettext("Declined."))


@bp.post("/quotes/<number>/messages")
@producer_staff_required
def quote_message(number: str):
    found = _quote(number)
    form = TextForm()
    return quote_views.act(found, Party.PRODUCER, lambda: quote_services.post_message(
        found, current_user, Party.PRODUCER, form.body.data), "text", form,
        gettext("Message sent."))
