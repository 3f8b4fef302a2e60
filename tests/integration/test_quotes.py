"""Wholesale quotes through the pages: list, split per producer, negotiation, order.

The sample catalogue gives every product a minimum of 20 units and tiers from 20 and 100.
"""

import datetime as dt

import pytest
import sqlalchemy as sa

from storefront.extensions import db
from storefront.orders.models import Order
from storefront.orders.states import PaymentMethod
from storefront.quotes import services, wholesale
from storefront.quotes.models import QuoteListLine, QuoteRequest
from storefront.quotes.states import Party, QuoteStatus, QuoteTransitionError, allowed
from tests import factories
from tests.web import outbox, sign_in, submit

FISH_SAUCE = "nuoc-mam-chay-moc-huong-500ml"  # Mộc Hương cooperative, 95,000 ₫, 160 in stock
CHOPSTICKS = "dua-go-tau-quang-thuy-10-doi"  # Thủy Mộc workshop
S = QuoteStatus


@pytest.fixture
def people(client):
    distributor = factories.make_user("distributor", verified_distributor=True, locale="en")
    fish_staff = factories.make_user(
        "producer_staff", producer=factories.producer_by_slug("htx-nong-san-moc-huong"))
    wood_staff = factories.make_user(
        "producer_staff", producer=factories.producer_by_slug("htx-dua-go-thuy-moc"))
    sign_in(client, distributor)
    return distributor, fish_staff, wood_staff


def as_user(client, user):
    browser = client.application.test_client()
    sign_in(browser, user)
    return browser


def add(client, slug, quantity):
    product = factories.product_by_slug(slug)
    return submit(client, "/en/quotes/list/add",
                  {"product_id": product.id, "quantity": quantity, "next": f"/en/products/{slug}"},
                  form_page=f"/en/products/{slug}")


def send_list(client, **fields):
    data = {"province_code": "ha-noi", "needed_by": "", "message": "For our shops", **fields}
    return submit(client, "/en/quotes/list/submit", data, form_page=f"/en/products/{FISH_SAUCE}")


def requests_of(user) -> list[QuoteRequest]:
    return list(db.session.scalars(sa.select(QuoteRequest).where(
        QuoteRequest.distributor_id == user.id).order_by(QuoteRequest.id)))


def quote_form(found, price=80_000, quantity=None, **fields):
    data = {"valid_until": "", "lead_time_days": 5, "shipping_vnd": 150_000,
            "shipping_terms": "Viettel Post, door to door", "payment_terms": "prepaid",
            "note": "Fresh batch", **fields}
    for line in found.lines:
        data[f"qty-{line.id}"] = quantity or line.quantity
        data[f"price-{line.id}"] = price
    return data


def producer_quotes(staff_client, found, **kwargs):
    return submit(staff_client, f"/vi/producer/quotes/{found.number}/quote",
                  quote_form(found, **kwargs), form_page=f"/vi/producer/quotes/{found.number}")


def refreshed(found) -> QuoteRequest:
    db.session.expire_all()
    return db.session.get(QuoteRequest, found.id)


# -- wholesale terms ----------------------------------------------------------------------

def test_the_minimum_and_the_steps_are_enforced_with_clear_messages(client, people):
    product = factories.product_by_slug(FISH_SAUCE)
    product.wholesale_increment = 12

    too_few = add(client, FISH_SAUCE, 5)
    too_few_page = client.get(too_few.headers["Location"]).get_data(as_text=True)
    off_step = add(client, FISH_SAUCE, 30)
    off_step_page = client.get(off_step.headers["Location"]).get_data(as_text=True)
    on_step = add(client, FISH_SAUCE, 32)

    assert too_few.status_code == off_step.status_code == on_step.status_code == 302
    assert "at least 20 units for a wholesale quote" in too_few_page  # said clearly
    assert "in steps of 12 from 20: ask for 20 or 32" in off_step_page
    page = client.get("/en/quotes/list").get_data(as_text=True)
    assert db.session.scalar(sa.select(QuoteListLine.quantity)) == 32
    assert "Added to your quote list." in page
    assert "From 20, in steps of 12" in page
    with client.application.test_request_context("/en/"):
        with pytest.raises(wholesale.QuoteError, match="at least 20 units"):
            wholesale.check_quantity(product, 5, "en")
        with pytest.raises(wholesale.QuoteError, match="steps of 12 from 20: ask for 20 or 32"):
            wholesale.check_quantity(product, 30, "en")


def test_tier_prices_follow_the_quantity():
    class Tier:
        def __init__(self, min_qty, unit_price_vnd):
            self.min_qty, self.unit_price_vnd = min_qty, unit_price_vnd

    class Item:
        price_vnd = 100_000
        price_tiers = [Tier(20, 88_000), Tier(100, 80_000)]

    assert [wholesale.tier_price(Item, q) for q in (1, 20, 99, 100, 500)] == [
        100_000, 88_000, 88_000, 80_000, 80_000]


def test_a_producer_sets_wholesale_terms_and_bad_tiers_are_refused(client, people):
    _distributor, fish_staff, _ = people
    staff = as_user(client, fish_staff)
    product = factories.product_by_slug(FISH_SAUCE)
    url = f"/en/producer/products/{product.id}/wholesale"

    rising = submit(staff, url, {"min_wholesale_qty": 24, "wholesale_increment": 12,
                                 "tier_qty_1": 24, "tier_price_1": 80_000,
                                 "tier_qty_2": 120, "tier_price_2": 85_000}, form_page=url)
    assert rising.status_code == 400
    assert "A larger quantity must have a lower unit price." in rising.get_data(as_text=True)

    saved = submit(staff, url, {"min_wholesale_qty": 24, "wholesale_increment": 12,
                                "tier_qty_1": 24, "tier_price_1": 85_000,
                                "tier_qty_2": 120, "tier_price_2": 78_000}, form_page=url)
    assert saved.status_code == 302
    db.session.refresh(product)
    assert (product.min_wholesale_qty, product.wholesale_increment) == (24, 12)
    assert [(t.min_qty, t.unit_price_vnd) for t in product.price_tiers] == [
        (24, 85_000), (120, 78_000)]
    other = factories.product_by_slug(CHOPSTICKS)
    assert staff.get(f"/en/producer/products/{other.id}/wholesale").status_code == 404


# -- requests and negotiation ----------------------------------------------------------------

def test_a_list_spanning_two_producers_makes_one_numbered_request_each(client, people):
    distributor, fish_staff, wood_staff = people
    add(client, FISH_SAUCE, 40)
    add(client, CHOPSTICKS, 100)

    response = send_list(client)

    assert response.status_code == 302
    made = requests_of(distributor)
    assert [len(r.lines) for r in made] == [1, 1]
    assert all(r.number.startswith(f"RFQ-{r.created_at.year}-") for r in made)
    assert {r.status for r in made} == {S.SUBMITTED}
    assert db.session.scalar(sa.select(sa.func.count(QuoteListLine.id))) == 0
    assert len(outbox("quote_update", to=fish_staff.email)) == 1
    assert len(outbox("quote_update", to=wood_staff.email)) == 1
    assert "asks you for a wholesale quote" not in outbox("quote_update",
                                                         to=fish_staff.email)[0].text_body
    assert "hỏi giá sỉ" in outbox("quote_update", to=fish_staff.email)[0].text_body  # in vi


def test_bad_submissions_change_nothing(client, people):
    distributor, *_ = people
    assert send_list(client).status_code == 409  # an empty list
    add(client, FISH_SAUCE, 40)
    past = (dt.date.today() - dt.timedelta(days=3)).isoformat()

    no_province = send_list(client, province_code="atlantis")
    late = send_list(client, needed_by=past)

    assert no_province.status_code == 400
    assert "Choose a province from the list." in no_province.get_data(as_text=True)
    assert late.status_code == 409
    assert "already past" in late.get_data(as_text=True)
    assert requests_of(distributor) == []


def test_quote_counter_requote_accept_becomes_one_order(client, people):
    distributor, fish_staff, _ = people
    add(client, FISH_SAUCE, 40)
    send_list(client)
    found = requests_of(distributor)[0]
    staff = as_user(client, fish_staff)
    stock_before = factories.product_by_slug(FISH_SAUCE).stock

    assert producer_quotes(staff, found, price=84_000).status_code == 302
    assert refreshed(found).status == S.QUOTED
    countered = submit(client, f"/en/quotes/{found.number}/counter",
                       {f"qty-{found.lines[0].id}": 60, f"price-{found.lines[0].id}": 78_000,
                        "note": "60 units if 78,000"}, form_page=f"/en/quotes/{found.number}")
    assert countered.status_code == 302
    assert refreshed(found).status == S.COUNTERED
    assert producer_quotes(staff, found, price=80_000, quantity=60).status_code == 302
    found = refreshed(found)
    assert [(r.kind, r.lines[0].quantity, r.lines[0].unit_price_vnd) for r in found.revisions] \
        == [("quote", 40, 84_000), ("counter", 60, 78_000), ("quote", 60, 80_000)]

    accepted = submit(client, f"/en/quotes/{found.number}/accept",
                      {"street": "5 Tràng Tiền", "commune": "Phường Hoàn Kiếm",
                       "phone": "0912 345 678", "payment_method": "bank_transfer"},
                      form_page=f"/en/quotes/{found.number}")

    assert accepted.status_code == 302
    found = refreshed(found)
    assert found.status == S.ORDERED
    order = found.order
    assert accepted.headers["Location"].endswith(f"/en/orders/{order.number}")
    assert (order.total_vnd, order.payment_method) == (60 * 80_000 + 150_000,
                                                       PaymentMethod.BANK_TRANSFER)
    assert [(line.quantity, line.unit_price_vnd) for line in order.lines] == [(60, 80_000)]
    assert factories.product_by_slug(FISH_SAUCE).stock == stock_before - 60
    assert [e.to_state for e in found.events] == [
        "submitted", "quoted", "countered", "quoted", "accepted", "ordered"]
    page = client.get(f"/en/orders/{order.number}").get_data(as_text=True)
    assert found.number in page  # the order links back to its quote
    history = client.get(f"/en/quotes/{found.number}").get_data(as_text=True)
    assert "Quote 3" in history and "Counter-offer 2" in history and "Quote 1" in history
    assert len(outbox("quote_update", to=distributor.email)) == 2  # two quotes
    assert any(found.number in e.subject for e in outbox("quote_update", to=fish_staff.email))


def test_a_question_goes_back_and_forth(client, people):
    distributor, fish_staff, _ = people
    add(client, FISH_SAUCE, 40)
    send_list(client)
    found = requests_of(distributor)[0]
    staff = as_user(client, fish_staff)

    submit(staff, f"/vi/producer/quotes/{found.number}/ask", {"body": "Chai thủy tinh hay nhựa?"},
           form_page=f"/vi/producer/quotes/{found.number}")
    assert refreshed(found).status == S.INFO_REQUESTED
    assert "Chai thủy tinh hay nhựa?" in client.get(f"/en/quotes/{found.number}").get_data(True)
    submit(client, f"/en/quotes/{found.number}/answer", {"body": "Glass, please"},
           form_page=f"/en/quotes/{found.number}")

    found = refreshed(found)
    assert found.status == S.SUBMITTED
    assert [m.body for m in found.messages] == ["Chai thủy tinh hay nhựa?", "Glass, please"]


def test_declining_needs_a_reason_and_ends_the_request(client, people):
    distributor, fish_staff, _ = people
    add(client, FISH_SAUCE, 40)
    send_list(client)
    found = requests_of(distributor)[0]
    staff = as_user(client, fish_staff)
    url = f"/vi/producer/quotes/{found.number}/decline"

    empty = submit(staff, url, {"body": " "}, form_page=f"/vi/producer/quotes/{found.number}")
    assert empty.status_code == 400
    assert refreshed(found).status == S.SUBMITTED
    submit(staff, url, {"body": "Hết mùa"}, form_page=f"/vi/producer/quotes/{found.number}")

    found = refreshed(found)
    assert found.status == S.DECLINED
    assert found.events[-1].note == "Hết mùa"
    cancel = submit(client, f"/en/quotes/{found.number}/cancel", {},
                    form_page=f"/en/quotes/{found.number}")
    assert cancel.status_code == 409  # a declined request cannot be cancelled
    assert refreshed(found).status == S.DECLINED


def test_acceptance_fails_cleanly_when_stock_ran_out(client, people):
    distributor, fish_staff, _ = people
    add(client, FISH_SAUCE, 40)
    send_list(client)
    found = requests_of(distributor)[0]
    producer_quotes(as_user(client, fish_staff), found)
    factories.product_by_slug(FISH_SAUCE).stock = 10

    response = submit(client, f"/en/quotes/{found.number}/accept",
                      {"street": "5 Tràng Tiền", "commune": "Hoàn Kiếm", "phone": "0912345678",
                       "payment_method": "bank_transfer"}, form_page=f"/en/quotes/{found.number}")

    assert response.status_code == 409
    assert "Only 10 of" in response.get_data(as_text=True)
    assert refreshed(found).status == S.QUOTED
    assert db.session.scalar(sa.select(sa.func.count(Order.id))) == 0


def test_terms_other_than_prepaid_need_the_offices_approval(client, people):
    distributor, fish_staff, _ = people
    add(client, FISH_SAUCE, 40)
    send_list(client)
    found = requests_of(distributor)[0]
    staff = as_user(client, fish_staff)

    refused = producer_quotes(staff, found, payment_terms="net_30")
    assert refused.status_code == 409
    assert "chưa phê duyệt cho nhà phân phối này thanh toán công nợ" in refused.get_data(
        as_text=True)  # the producer's page is in Vietnamese
    distributor.distributor.terms_approved = True
    assert producer_quotes(staff, found, payment_terms="net_30").status_code == 302

    accepted = submit(client, f"/en/quotes/{found.number}/accept",
                      {"street": "5 Tràng Tiền", "commune": "Hoàn Kiếm", "phone": "0912345678",
                       "payment_method": "terms"}, form_page=f"/en/quotes/{found.number}")

    assert accepted.status_code == 302
    order = refreshed(found).order
    assert (order.payment_method, order.payment_terms_days, order.expires_at) == (
        PaymentMethod.TERMS, 30, None)
    # On account: the producer ships now, without waiting for a payment
    new_order = outbox("producer_new_order", to=fish_staff.email)[-1]
    assert "chưa được thanh toán" not in new_order.text_body


def test_expiry_and_reminders_happen_once(client, people, runner):
    distributor, fish_staff, _ = people
    add(client, FISH_SAUCE, 40)
    send_list(client)
    found = requests_of(distributor)[0]
    producer_quotes(as_user(client, fish_staff), found,
                    valid_until=(dt.date.today() + dt.timedelta(days=1)).isoformat())

    first = runner.invoke(args=["quotes", "expire"])
    second = runner.invoke(args=["quotes", "expire"])

    assert "reminded 1" in first.output and "reminded 0" in second.output
    reminders = [e for e in outbox("quote_update", to=distributor.email) if "expires" in e.subject]
    assert len(reminders) == 1
    found = refreshed(found)
    found.valid_until = dt.date.today() - dt.timedelta(days=1)
    db.session.commit()
    assert services.expire_due() == 1
    assert services.expire_due() == 0
    assert refreshed(found).status == S.EXPIRED


# -- who may do what -------------------------------------------------------------------------

# The negotiation rules, written out independently of storefront/quotes/states.py.
D, P, SYS = Party.DISTRIBUTOR, Party.PRODUCER, Party.SYSTEM
EXPECTED_MOVES = {
    (S.SUBMITTED, S.QUOTED): {P}, (S.SUBMITTED, S.INFO_REQUESTED): {P},
    (S.SUBMITTED, S.DECLINED): {D, P}, (S.SUBMITTED, S.CANCELLED): {D},
    (S.INFO_REQUESTED, S.SUBMITTED): {D}, (S.INFO_REQUESTED, S.DECLINED): {D, P},
    (S.INFO_REQUESTED, S.CANCELLED): {D},
    (S.QUOTED, S.ACCEPTED): {D}, (S.QUOTED, S.COUNTERED): {D}, (S.QUOTED, S.DECLINED): {D, P},
    (S.QUOTED, S.EXPIRED): {SYS}, (S.QUOTED, S.CANCELLED): {D},
    (S.COUNTERED, S.QUOTED): {P}, (S.COUNTERED, S.DECLINED): {D, P},
    (S.COUNTERED, S.CANCELLED): {D},
    (S.ACCEPTED, S.ORDERED): {SYS},
}


@pytest.mark.parametrize("party", list(Party))
@pytest.mark.parametrize("current", list(S))
def test_each_party_may_make_exactly_the_moves_of_the_rules(current, party):
    for wanted in S:
        assert allowed(current, wanted, party) is (
            party in EXPECTED_MOVES.get((current, wanted), set())), (current, wanted, party)


def test_the_services_refuse_moves_out_of_turn(client, people):
    distributor, fish_staff, _ = people
    found = factories.make_quote_request(distributor, FISH_SAUCE)
    offer = services.Offer(prices={found.lines[0].id: (40, 80_000)})
    contact = services.orders.Contact(name="A", email="a@example.com", phone="0912345678",
                                      street="1", commune="X", province_code="ha-noi")
    out_of_turn = [
        lambda: services.counter(found, distributor, offer),  # nothing to counter yet
        lambda: services.answer_question(found, distributor, "?"),  # nobody asked
        lambda: services.accept(found, distributor, contact, method=PaymentMethod.BANK_TRANSFER,
                                card_offered=False, locale="en"),  # not quoted
    ]
    with client.application.test_request_context("/en/"):
        for move in out_of_turn:
            with pytest.raises(QuoteTransitionError):
                move()
        services.send_quote(found, fish_staff, offer)
        with pytest.raises(QuoteTransitionError):
            services.send_quote(found, fish_staff, offer)  # quoted already: the buyer's turn
        with pytest.raises(QuoteTransitionError):
            services.ask_question(found, fish_staff, "?")
        services.cancel(found, distributor)
        for move in (lambda: services.decline(found, fish_staff, Party.PRODUCER, "late"),
                     lambda: services.cancel(found, distributor)):
            with pytest.raises(QuoteTransitionError):
                move()
    assert [event.to_state for event in found.events] == ["submitted", "quoted", "cancelled"]


def test_others_cannot_see_a_request(client, people):
    distributor, fish_staff, wood_staff = people
    add(client, FISH_SAUCE, 40)
    send_list(client)
    found = requests_of(distributor)[0]
    rival = as_user(client, factories.make_user("distributor", verified_distributor=True))
    pending = as_user(client, factories.make_user("distributor"))
    other_staff = as_user(client, wood_staff)

    assert rival.get(f"/en/quotes/{found.number}").status_code == 404
    assert pending.get(f"/en/quotes/{found.number}").status_code == 403
    assert other_staff.get(f"/vi/producer/quotes/{found.number}").status_code == 404
    assert as_user(client, fish_staff).get(f"/vi/producer/quotes/{found.number}").status_code \
        == 200
    assert found.number not in rival.get("/en/quotes/").get_data(as_text=True)
    assert found.number not in other_staff.get("/vi/producer/quotes").get_data(as_text=True)


def test_verified_distributors_see_wholesale_prices_in_the_catalogue(client, people):
    page = client.get("/en/products").get_data(as_text=True)
    anonymous = client.application.test_client().get("/en/products").get_data(as_text=True)

    assert "Wholesale from" in page
    assert "Wholesale from" not in anonymous


def test_a_distributor_cannot_touch_anothers_quote_list_line(client, people):
    distributor, *_ = people
    line = factories.make_quote_list_line(distributor)
    rival = as_user(client, factories.make_user("distributor", verified_distributor=True))

    changed = submit(rival, f"/en/quotes/list/lines/{line.id}", {"quantity": 60},
                     form_page=f"/en/products/{FISH_SAUCE}")
    removed = submit(rival, f"/en/quotes/list/lines/{line.id}/delete", {},
                     form_page=f"/en/products/{FISH_SAUCE}")

    assert (changed.status_code, removed.status_code) == (404, 404)
    db.session.refresh(line)
    assert line.quantity == 40
