"""Requests for quotes and their negotiation, to an order at the agreed prices.

Every move goes through ``states.check`` with the party making it, is recorded as a
QuoteEvent, and tells the other party by e-mail in their language. Moves that two people
could make at once (accepting, expiring) claim the row with a conditional UPDATE, so a
quote is accepted — and converted into an order — at most once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext

from storefront.accounts import queries as account_queries
from storefront.accounts.models import Role, User
from storefront.clock import today, utcnow
from storefront.extensions import db
from storefront.geography import PROVINCES_BY_CODE
from storefront.links import external_url
from storefront.mail.services import queue_email
from storefront.orders import services as orders
from storefront.orders.models import Order
from storefront.orders.states import PaymentMethod
from storefront.quotes import wholesale
from storefront.quotes.models import (
    QuoteEvent,
    QuoteLine,
    QuoteMessage,
    QuoteRequest,
    QuoteRevision,
    QuoteRevisionLine,
)
from storefront.quotes.states import (
    Party,
    PaymentTerms,
    QuoteStatus,
    QuoteTransitionError,
    check,
)
from storefront.quotes.wholesale import QuoteError
from storefront.text import nfc

DEFAULT_VALIDITY_DAYS = 14
REMIND_BEFORE = dt.timedelta(hours=48)
S = QuoteStatus


@dataclass(frozen=True)
class Offer:
    """A priced proposal as entered in a form: per quote line, quantity and unit price."""

    prices: dict[int, tuple[int, int]]  # quote line id → (quantity, unit price in đồng)
    note: str = ""
    valid_until: dt.date | None = None
    lead_time_days: int | None = None
    shipping_vnd: int = 0
    shipping_terms: str = ""
    payment_terms: PaymentTerms = PaymentTerms.PREPAID


# -- who is who -----------------------------------------------------------------------------

def party_of(request: QuoteRequest, user: User) -> Party | None:
    """The distributor who asked, staff of the producer asked, or nobody (not found)."""
    if not user.is_authenticated:
        return None
    if request.distributor_id == user.id:
        return Party.DISTRIBUTOR
    if user.role == Role.PRODUCER_STAFF and user.producer_id == request.producer_id:
        return Party.PRODUCER
    return None


# -- submitting -----------------------------------------------------------------------------

def submit_list(user: User, *, province_code: str, needed_by: dt.date | None, message: str,
                locale: str) -> list[QuoteRequest]:
    """Turn the distributor's list into one request per producer. Raises QuoteError."""
    lines = wholesale.list_lines(user)
    if not lines:
        raise QuoteError(gettext("Your quote list is empty."))
    if province_code not in PROVINCES_BY_CODE:
        raise QuoteError(gettext("Choose a province from the list."), field="province_code")
    if needed_by is not None and needed_by < today():
        raise QuoteError(gettext("The date you need the goods by is already past."),
                         field="needed_by")
    by_producer: dict[int, list] = {}
    for line in lines:
        wholesale.check_quantity(line.product, line.quantity, locale)
        by_producer.setdefault(line.product.producer_id, []).append(line)
    requests = [_new_request(user, producer_id, items, province_code, needed_by,
                             nfc(message).strip(), locale)
                for producer_id, items in sorted(by_producer.items())]
    wholesale.empty_list(user)
    return requests


def _new_request(user, producer_id, items, province_code, needed_by, message, locale):
    request = QuoteRequest(distributor=user, producer_id=producer_id,
                           delivery_province=province_code, needed_by=needed_by,
                           message=message)
    for item in items:
        request.lines.append(QuoteLine(
            product=item.product, name=item.product.text(locale).name, sku=item.product.sku,
            quantity=item.quantity, target_price_vnd=item.target_price_vnd))
    db.session.add(request)
    db.session.flush()
    request.number = f"RFQ-{request.created_at.year}-{request.id:06d}"
    _record(request, "", S.SUBMITTED, user, Party.DISTRIBUTOR)
    db.session.flush()
    _tell(request, Party.PRODUCER, "new", note=message)
    return request


# -- the producer's moves ---------------------------------------------------------------------

def send_quote(request: QuoteRequest, actor: User, offer: Offer) -> QuoteRevision:
    """The producer prices the request (first quote, or an answer to a counter-offer).

    Raises QuoteTransitionError (not the producer's turn) or QuoteError (a missing or
    impossible price, a past validity date, terms this distributor may not have).
    """
    check(request.status, S.QUOTED, Party.PRODUCER)
    valid_until = offer.valid_until or today() + dt.timedelta(days=DEFAULT_VALIDITY_DAYS)
    if valid_until < today():
        raise QuoteError(gettext("The quote must be valid until today at least."),
                         field="valid_until")
    profile = request.distributor.distributor
    if offer.payment_terms != PaymentTerms.PREPAID and not (profile and profile.terms_approved):
        raise QuoteError(gettext("The OCOP office has not approved this distributor for "
                                 "payment on terms: ask for prepayment."),
                         field="payment_terms")
    revision = _revision(request, actor, "quote", offer)
    revision.valid_until = valid_until
    request.valid_until, request.reminded_at = valid_until, None
    _move(request, S.QUOTED, actor, Party.PRODUCER, note=offer.note)
    return revision


def ask_question(request: QuoteRequest, actor: User, question: str) -> None:
    check(request.status, S.INFO_REQUESTED, Party.PRODUCER)
    body = _required(question)
    _add_message(request, actor, body)
    _move(request, S.INFO_REQUESTED, actor, Party.PRODUCER, note=body)


# -- the distributor's moves ------------------------------------------------------------------

def answer_question(request: QuoteRequest, actor: User, answer: str) -> None:
    check(request.status, S.SUBMITTED, Party.DISTRIBUTOR)
    body = _required(answer)
    _add_message(request, actor, body)
    _move(request, S.SUBMITTED, actor, Party.DISTRIBUTOR, note=body)


def counter(request: QuoteRequest, actor: User, offer: Offer) -> QuoteRevision:
    """The distributor proposes other quantities or prices; the quote's terms stay."""
    check(request.status, S.COUNTERED, Party.DISTRIBUTOR)
    quote = request.current_quote
    terms = Offer(prices=offer.prices, note=offer.note, lead_time_days=quote.lead_time_days,
                  shipping_vnd=quote.shipping_vnd, shipping_terms=quote.shipping_terms,
                  payment_terms=quote.payment_terms)
    revision = _revision(request, actor, "counter", terms)
    _move(request, S.COUNTERED, actor, Party.DISTRIBUTOR, note=offer.note)
    return revision


def cancel(request: QuoteRequest, actor: User, reason: str = "") -> None:
    check(request.status, S.CANCELLED, Party.DISTRIBUTOR)
    _move(request, S.CANCELLED, actor, Party.DISTRIBUTOR, note=nfc(reason).strip())


def decline(request: QuoteRequest, actor: User, party: Party, reason: str) -> None:
    """Either side ends the negotiation, saying why. Raises QuoteError without a reason."""
    check(request.status, S.DECLINED, party)
    _move(request, S.DECLINED, actor, party, note=_required(reason, field="reason"))


def post_message(request: QuoteRequest, actor: User, party: Party, body: str) -> None:
    _add_message(request, actor, _required(body))
    db.session.flush()
    _tell(request, _other(party), "message", note=nfc(body).strip(), author=actor)


def accept(request: QuoteRequest, actor: User, contact: orders.Contact, *,
           method: PaymentMethod, card_offered: bool, locale: str) -> Order:
    """Accept the current quote: an order at its prices, its stock taken, exactly once.

    Raises QuoteTransitionError (no longer quoted, expired, or accepted meanwhile),
    QuoteError (a payment method the terms do not allow), orders.CheckoutError (address)
    or catalog.OutOfStockError (the caller rolls back: the quote stays quoted).
    """
    check(request.status, S.ACCEPTED, Party.DISTRIBUTOR)
    quote = request.current_quote
    if request.valid_until is None or request.valid_until < today():
        raise _not_acceptable()
    if method not in payment_methods(quote, card_offered):
        raise QuoteError(gettext("Choose a way to pay that the quote's terms allow."),
                         field="payment_method")
    if not _claim(request, S.QUOTED, S.ACCEPTED):
        raise _not_acceptable()
    _record(request, S.QUOTED, S.ACCEPTED, actor, Party.DISTRIBUTOR)
    order = orders.place_agreed_order(
        _parcel(request, quote), contact, method=method, terms_days=quote.payment_terms.days,
        idempotency_key=f"quote-{request.number}", locale=locale, user=actor)
    request.order = order
    _claim(request, S.ACCEPTED, S.ORDERED)
    _record(request, S.ACCEPTED, S.ORDERED, None, Party.SYSTEM, note=order.number)
    db.session.flush()
    _tell(request, Party.PRODUCER, "ordered", order=order)
    return order


def payment_methods(quote: QuoteRevision, card_offered: bool) -> list[PaymentMethod]:
    """How an accepted quote may be paid: on account for agreed terms, else prepaid."""
    if quote.payment_terms != PaymentTerms.PREPAID:
        return [PaymentMethod.TERMS]
    return [PaymentMethod.BANK_TRANSFER, *([PaymentMethod.CARD] if card_offered else [])]


def _not_acceptable() -> QuoteTransitionError:
    return QuoteTransitionError(gettext(
        "This quote can no longer be accepted: it expired, changed or was accepted already."))


def _parcel(request: QuoteRequest, quote: QuoteRevision) -> orders.AgreedParcel:
    lines = []
    for priced in quote.lines:
        product = priced.quote_line.product
        if product is None:
            raise QuoteError(gettext("%(name)s is no longer sold.", name=priced.quote_line.name))
        lines.append(orders.AgreedLine(product=product, quantity=priced.quantity,
                                       unit_price_vnd=priced.unit_price_vnd))
    return orders.AgreedParcel(producer=request.producer, lines=lines,
                               shipping_vnd=quote.shipping_vnd)


# -- the clock ---------------------------------------------------------------------------------

def expire_due(on: dt.date | None = None) -> int:
    """Expire quotes past their valid-until day; each once, however many runs overlap."""
    day = on or today()
    expired = 0
    for request in db.session.scalars(sa.select(QuoteRequest).where(
            QuoteRequest.status == S.QUOTED, QuoteRequest.valid_until < day)):
        if _claim(request, S.QUOTED, S.EXPIRED):
            _record(request, S.QUOTED, S.EXPIRED, None, Party.SYSTEM)
            _tell(request, Party.DISTRIBUTOR, "expired")
            _tell(request, Party.PRODUCER, "expired")
            expired += 1
    db.session.flush()
    return expired


def send_reminders(now: dt.datetime | None = None) -> int:
    """Remind distributors of quotes that expire within 48 hours, once per quote."""
    moment = now or utcnow()
    horizon = (moment + REMIND_BEFORE).date()
    reminded = 0
    for request in db.session.scalars(sa.select(QuoteRequest).where(
            QuoteRequest.status == S.QUOTED, QuoteRequest.reminded_at.is_(None),
            QuoteRequest.valid_until <= horizon)):
        claimed = db.session.execute(
            sa.update(QuoteRequest).where(QuoteRequest.id == request.id,
                                          QuoteRequest.reminded_at.is_(None))
            .values(reminded_at=moment).execution_options(synchronize_session=False)
        ).rowcount == 1
        if claimed:
            _tell(request, Party.DISTRIBUTOR, "reminder")
            reminded += 1
    db.session.flush()
    return reminded


# -- shared steps -----------------------------------------------------------------------------

def _revision(request: QuoteRequest, actor: User, kind: str, offer: Offer) -> QuoteRevision:
    revision = QuoteRevision(
        number=len(request.revisions) + 1, kind=kind, author=actor,
        lead_time_days=offer.lead_time_days, shipping_vnd=max(0, offer.shipping_vnd),
        shipping_terms=nfc(offer.shipping_terms).strip(), payment_terms=offer.payment_terms,
        note=nfc(offer.note).strip())
    for line in request.lines:
        if line.id not in offer.prices:
            raise QuoteError(gettext("Give a quantity and a unit price for every line."))
        quantity, price = offer.prices[line.id]
        if not 0 < quantity <= wholesale.MAX_QUANTITY or not 0 < price <= 10**10:
            raise QuoteError(gettext("%(name)s: quantities and unit prices are whole numbers "
                                     "above zero.", name=line.name))
        revision.lines.append(QuoteRevisionLine(quote_line=line, quantity=quantity,
                                                unit_price_vnd=price))
    request.revisions.append(revision)
    return revision


def _required(text: str, field: str = "body") -> str:
    cleaned = nfc(text or "").strip()
    if not cleaned:
        raise QuoteError(gettext("Write a few words first."), field=field)
    return cleaned[:4000]


def _add_message(request: QuoteRequest, actor: User, body: str) -> None:
    request.messages.append(QuoteMessage(author=actor, body=nfc(body).strip()[:4000]))


def _claim(request: QuoteRequest, old: QuoteStatus, new: QuoteStatus) -> bool:
    claimed = db.session.execute(
        sa.update(QuoteRequest).where(QuoteRequest.id == request.id,
                                      QuoteRequest.status == old)
        .values(status=new).execution_options(synchronize_session=False)
    ).rowcount == 1
    if claimed:
        db.session.expire(request, ["status"])
    return claimed


def _move(request: QuoteRequest, new: QuoteStatus, actor: User, party: Party,
          note: str = "") -> None:
    old = request.status
    if not _claim(request, old, new):  # the other side moved first
        raise QuoteTransitionError(gettext(
            "The other side changed this request meanwhile: reload the page."))
    _record(request, old, new, actor, party, note=note)
    db.session.flush()
    _tell(request, _other(party), str(new), note=note)


def _record(request: QuoteRequest, old, new, actor: User | None, party: Party,
            note: str = "") -> None:
    request.events.append(QuoteEvent(from_state=str(old), to_state=str(new), actor=actor,
                                     role=str(party), note=note))


def _other(party: Party) -> Party:
    return Party.PRODUCER if party == Party.DISTRIBUTOR else Party.DISTRIBUTOR


# -- e-mails -------------------------------------------------------------------------------------

def quote_link(request: QuoteRequest, party: Party, locale: str) -> str:
    endpoint = "quotes.view" if party == Party.DISTRIBUTOR else "producer_portal.quote"
    return external_url(endpoint, lang=locale, number=request.number)


def _tell(request: QuoteRequest, party: Party, kind: str, **context) -> None:
    """E-mail ``party`` (the distributor, or each of the producer's staff) in their language."""
    if party == Party.DISTRIBUTOR:
        user = request.distributor
        recipients = [(user.email, user.name, user.locale)]
    else:
        recipients = account_queries.producer_recipients(request.producer_id)
    for address, name, locale in recipients:
        queue_email("quote_update", address, locale, to_name=name, quote_request=request,
                    update=kind, party=str(party), link=quote_link(request, party, locale),
                    **context)

