"""Every route, requested by every kind of visitor, answers as the policy says.

EXPECTED classifies each (method, rule) of the URL map; a route missing from it fails
``test_every_route_is_classified``, so a new page cannot ship without a decision on who
may use it. Requests run with CSRF checks off: this test is about permissions (the CSRF
tests are elsewhere); forms are posted empty.
"""

import pytest
import sqlalchemy as sa

from storefront.catalog.models import ProductImage
from storefront.extensions import db
from storefront.mail.services import queue_email
from tests import factories
from tests.web import sign_in

ROLES = ("anonymous", "customer", "pending_distributor", "verified_distributor",
         "staff_of_a", "admin")


def everyone(status: int) -> tuple:
    return (status,) * len(ROLES)


def signed_in(status: int) -> tuple:
    """Visitors go to the sign-in page; every signed-in role gets ``status``."""
    return (302, *(status,) * (len(ROLES) - 1))


def only(role: str, status: int, others: int = 403) -> tuple:
    return (302, *(status if r == role else others for r in ROLES[1:]))


EXPECTED = {
    "GET /": everyone(302),
    "GET /healthz": everyone(200),
    "GET /robots.txt": everyone(200),
    "GET /sitemap.xml": everyone(200),
    "GET /sitemap-<any(pages, products, producers, collections, events):section>-"
    "<int(max=100000):page>.xml":
        everyone(200),
    "GET /media/<path:filename>": everyone(200),
    "GET /static/<path:filename>": everyone(200),
    "GET /api/v1/suggest": everyone(200),
    "GET /api/v1/products": everyone(200),
    "GET /api/v1/products/<slug>": everyone(200),
    "GET /api/v1/producers": everyone(200),
    "GET /api/v1/producers/<slug>": everyone(200),
    "GET /api/v1/categories": everyone(200),
    "GET /api/v1/search": everyone(400),  # q is required
    "GET /api/v1/openapi.json": everyone(200),
    "GET /api/v1/docs": everyone(200),
    "GET /<lang:lang>/": everyone(200),
    "GET /<lang:lang>/products": everyone(200),
    "GET /<lang:lang>/products/<slug>": everyone(200),
    "GET /<lang:lang>/producers": everyone(200),
    "GET /<lang:lang>/producers/<slug>": everyone(200),
    # trade promotion: public
    "GET /<lang:lang>/collections/<slug>": everyone(200),
    "GET /<lang:lang>/events": everyone(200),
    "GET /<lang:lang>/events/<slug>": everyone(200),
    "GET /<lang:lang>/events/<slug>.ics": everyone(200),
    # traceability: public, by an unguessable code
    "GET /<lang:lang>/trace/<code>": everyone(200),
    "GET /t/<code>": everyone(302),
    # accounts: open to all
    "GET /<lang:lang>/account/login": (200, 302, 302, 302, 302, 302),
    "POST /<lang:lang>/account/login": everyone(400),
    "GET /<lang:lang>/account/register": everyone(200),
    "POST /<lang:lang>/account/register": everyone(400),
    "GET /<lang:lang>/account/register/distributor": everyone(200),
    "POST /<lang:lang>/account/register/distributor": everyone(400),
    "GET /<lang:lang>/account/register/check-your-mail": everyone(200),
    "GET /<lang:lang>/account/login/link": everyone(200),
    "POST /<lang:lang>/account/login/link": everyone(400),
    "GET /<lang:lang>/account/login/link/sent": everyone(200),
    "GET /<lang:lang>/account/login/link/<token>": everyone(400),
    "POST /<lang:lang>/account/login/link/<token>": everyone(400),
    "POST /<lang:lang>/account/logout": everyone(302),
    "GET /<lang:lang>/account/verify-email/<token>": everyone(400),
    "GET /<lang:lang>/account/password/forgot": everyone(200),
    "POST /<lang:lang>/account/password/forgot": everyone(400),
    "GET /<lang:lang>/account/password/forgot/sent": everyone(200),
    "GET /<lang:lang>/account/password/reset/<token>": everyone(400),
    "POST /<lang:lang>/account/password/reset/<token>": everyone(400),
    "GET /<lang:lang>/account/invitation/<token>": everyone(400),
    "POST /<lang:lang>/account/invitation/<token>": everyone(400),
    # accounts: signed in
    "GET /<lang:lang>/account/": signed_in(200),
    "POST /<lang:lang>/account/": signed_in(400),
    "POST /<lang:lang>/account/verify-email/resend": signed_in(302),
    "GET /<lang:lang>/account/password/change": signed_in(200),
    "POST /<lang:lang>/account/password/change": signed_in(400),
    "GET /<lang:lang>/account/addresses": signed_in(200),
    "GET /<lang:lang>/account/addresses/new": signed_in(200),
    "POST /<lang:lang>/account/addresses/new": signed_in(400),
    # the customer's own address; anyone else's is "not found"
    "GET /<lang:lang>/account/addresses/<int:address_id>": only("customer", 200, 404),
    "POST /<lang:lang>/account/addresses/<int:address_id>": only("customer", 400, 404),
    "POST /<lang:lang>/account/addresses/<int:address_id>/default": only("customer", 302, 404),
    "POST /<lang:lang>/account/addresses/<int:address_id>/delete": only("customer", 302, 404),
    # the OCOP office
    "GET /<lang:lang>/admin/": only("admin", 200),
    "GET /<lang:lang>/admin/distributors": only("admin", 200),
    "POST /<lang:lang>/admin/distributors/<int:profile_id>/<any(verify, reject):decision>":
        only("admin", 302),
    "GET /<lang:lang>/admin/producers": only("admin", 200),
    "GET /<lang:lang>/admin/producers/new": only("admin", 200),
    "POST /<lang:lang>/admin/producers/new": only("admin", 400),
    "GET /<lang:lang>/admin/producers/<int:producer_id>": only("admin", 200),
    "POST /<lang:lang>/admin/producers/<int:producer_id>": only("admin", 400),
    "POST /<lang:lang>/admin/producers/<int:producer_id>/<any(verify, unverify):decision>":
        only("admin", 302),
    "GET /<lang:lang>/admin/producers/<int:producer_id>/staff": only("admin", 200),
    "POST /<lang:lang>/admin/producers/<int:producer_id>/staff": only("admin", 400),
    "GET /<lang:lang>/admin/listings": only("admin", 200),
    "GET /<lang:lang>/admin/listings/<int:review_id>": only("admin", 200),
    # asking for changes without saying which: the office gets the form back
    "POST /<lang:lang>/admin/listings/<int:review_id>/<any(approve, request_changes):decision>":
        only("admin", 409),
    "GET /<lang:lang>/admin/audit": only("admin", 200),
    "GET /<lang:lang>/admin/products": only("admin", 200),
    "POST /<lang:lang>/admin/products/<int:product_id>/<any(feature, unfeature):action>":
        only("admin", 302),
    "GET /<lang:lang>/admin/users": only("admin", 200),
    "POST /<lang:lang>/admin/users/<int:user_id>/<any(suspend, restore):action>":
        only("admin", 302),
    "GET /<lang:lang>/admin/quotes": only("admin", 200),
    "GET /<lang:lang>/admin/quotes/<number>": only("admin", 200),
    "GET /<lang:lang>/admin/reports": only("admin", 200),
    "GET /<lang:lang>/admin/reports/<name>.csv": only("admin", 200),
    "GET /<lang:lang>/admin/certificates": only("admin", 200),
    "GET /<lang:lang>/admin/certificates/new": only("admin", 200),
    "POST /<lang:lang>/admin/certificates/new": only("admin", 400),
    "GET /<lang:lang>/admin/certificates/<int:certificate_id>": only("admin", 200),
    "POST /<lang:lang>/admin/certificates/<int:certificate_id>/revoke": only("admin", 409),
    "GET /<lang:lang>/admin/certificates/import": only("admin", 200),
    "POST /<lang:lang>/admin/certificates/import": only("admin", 400),
    "GET /<lang:lang>/admin/collections": only("admin", 200),
    "GET /<lang:lang>/admin/collections/new": only("admin", 200),
    "POST /<lang:lang>/admin/collections/new": only("admin", 400),
    "GET /<lang:lang>/admin/collections/<int:collection_id>": only("admin", 200),
    "POST /<lang:lang>/admin/collections/<int:collection_id>": only("admin", 400),
    "POST /<lang:lang>/admin/collections/<int:collection_id>/products": only("admin", 400),
    "POST /<lang:lang>/admin/collections/<int:collection_id>/products/<int:item_id>/"
    "<any(move, remove):action>": only("admin", 302),
    "POST /<lang:lang>/admin/collections/<int:collection_id>/banner": only("admin", 302),
    "GET /<lang:lang>/admin/events": only("admin", 200),
    "GET /<lang:lang>/admin/events/new": only("admin", 200),
    "POST /<lang:lang>/admin/events/new": only("admin", 400),
    "GET /<lang:lang>/admin/events/<int:event_id>": only("admin", 200),
    "POST /<lang:lang>/admin/events/<int:event_id>": only("admin", 400),
    "GET /<lang:lang>/admin/outbox": only("admin", 200),
    "GET /<lang:lang>/admin/outbox/<int:email_id>": only("admin", 200),
    "GET /<lang:lang>/admin/outbox/<int:email_id>/html": only("admin", 200),
    # cart and checkout: anyone; a cart line or an order only for its owner (and the office)
    "GET /<lang:lang>/cart": everyone(200),
    "POST /<lang:lang>/cart/add": everyone(400),
    "GET /<lang:lang>/cart/token": everyone(200),
    "POST /<lang:lang>/cart/lines/<int:line_id>": (404, 302, 404, 404, 404, 404),
    "POST /<lang:lang>/cart/lines/<int:line_id>/remove": (404, 302, 404, 404, 404, 404),
    "GET /<lang:lang>/checkout": (302, 200, 302, 302, 302, 302),
    "POST /<lang:lang>/checkout": everyone(400),
    "GET /<lang:lang>/checkout/shipping": everyone(400),
    "GET /<lang:lang>/orders/<number>": (404, 200, 404, 404, 404, 200),
    "POST /<lang:lang>/orders/<number>/cancel": (404, 302, 404, 404, 404, 302),
    # the card page: the order's owner and the office (a cash order: sent back to the order)
    "GET /<lang:lang>/orders/<number>/pay": (404, 302, 404, 404, 404, 302),
    "GET /<lang:lang>/orders/<number>/status": (404, 200, 404, 404, 404, 200),
    # Stripe's webhook: off without Stripe keys; signatures, not roles, guard it (its tests)
    "POST /webhooks/stripe": everyone(404),
    "POST /webhooks/bank/<provider>": everyone(404),  # off until a notifier is configured
    "GET /<lang:lang>/account/orders": signed_in(200),
    "GET /<lang:lang>/admin/orders": only("admin", 200),
    "GET /<lang:lang>/admin/transfers": only("admin", 200),
    "POST /<lang:lang>/admin/transfers/<int:transaction_id>/assign": only("admin", 302),
    "POST /<lang:lang>/admin/transfers/<int:transaction_id>/refund": only("admin", 302),
    "GET /<lang:lang>/admin/orders/<number>": only("admin", 200),
    "POST /<lang:lang>/admin/orders/<number>/paid": only("admin", 302),
    "POST /<lang:lang>/admin/orders/<number>/cancel": only("admin", 302),
    "POST /<lang:lang>/admin/orders/<number>/payment/checked": only("admin", 404),
    "POST /<lang:lang>/admin/orders/<number>/parts/<int:fulfilment_id>/"
    "<any(confirmed, packed, shipped, delivered, cancelled):to>": only("admin", 302),
    "POST /<lang:lang>/admin/distributors/<int:profile_id>/terms/<any(on, off):switch>":
        only("admin", 302),
    # wholesale quotes: verified distributors only, their own requests only
    "POST /<lang:lang>/quotes/list/add": only("verified_distributor", 302),
    "GET /<lang:lang>/quotes/list": only("verified_distributor", 200),
    "POST /<lang:lang>/quotes/list/lines/<int:line_id>": only("verified_distributor", 302),
    "POST /<lang:lang>/quotes/list/lines/<int:line_id>/delete": only("verified_distributor", 302),
    "POST /<lang:lang>/quotes/list/submit": only("verified_distributor", 400),
    "GET /<lang:lang>/quotes/": only("verified_distributor", 200),
    "GET /<lang:lang>/quotes/<number>": only("verified_distributor", 200),
    "GET /<lang:lang>/quotes/<number>/print": only("verified_distributor", 200),
    "POST /<lang:lang>/quotes/<number>/accept": only("verified_distributor", 400),
    "POST /<lang:lang>/quotes/<number>/counter": only("verified_distributor", 409),
    "POST /<lang:lang>/quotes/<number>/answer": only("verified_distributor", 400),
    "POST /<lang:lang>/quotes/<number>/decline": only("verified_distributor", 400),
    "POST /<lang:lang>/quotes/<number>/cancel": only("verified_distributor", 302),
    "POST /<lang:lang>/quotes/<number>/messages": only("verified_distributor", 400),
    # the producer portal: staff only, their own producer's objects only
    "GET /<lang:lang>/producer/": only("staff_of_a", 200),
    "GET /<lang:lang>/producer/products/<int:product_id>": only("staff_of_a", 200),
    "GET /<lang:lang>/producer/products/<int:product_id>/wholesale": only("staff_of_a", 200),
    "POST /<lang:lang>/producer/products/<int:product_id>/wholesale": only("staff_of_a", 302),
    "POST /<lang:lang>/producer/products/<int:product_id>/stock": only("staff_of_a", 400),
    "POST /<lang:lang>/producer/products/<int:product_id>/price": only("staff_of_a", 400),
    "POST /<lang:lang>/producer/products/<int:product_id>/threshold": only("staff_of_a", 400),
    "GET /<lang:lang>/producer/products/new": only("staff_of_a", 200),
    "POST /<lang:lang>/producer/products/new": only("staff_of_a", 400),
    "GET /<lang:lang>/producer/products/<int:product_id>/edit": only("staff_of_a", 200),
    "POST /<lang:lang>/producer/products/<int:product_id>/edit": only("staff_of_a", 400),
    # a published product cannot be sent again: the staff is told so on its page
    "POST /<lang:lang>/producer/products/<int:product_id>/submit": only("staff_of_a", 302),
    "POST /<lang:lang>/producer/products/<int:product_id>/withdraw": only("staff_of_a", 302),
    "GET /<lang:lang>/producer/products/<int:product_id>/photos": only("staff_of_a", 200),
    "POST /<lang:lang>/producer/products/<int:product_id>/photos": only("staff_of_a", 422),
    "POST /<lang:lang>/producer/products/<int:product_id>/photos/<int:photo_id>/text":
        only("staff_of_a", 302),
    "POST /<lang:lang>/producer/products/<int:product_id>/photos/<int:photo_id>/move":
        only("staff_of_a", 302),
    "POST /<lang:lang>/producer/products/<int:product_id>/photos/<int:photo_id>/delete":
        only("staff_of_a", 302),
    "GET /<lang:lang>/producer/products/<int:product_id>/batches": only("staff_of_a", 200),
    "POST /<lang:lang>/producer/products/<int:product_id>/batches": only("staff_of_a", 400),
    "GET /<lang:lang>/producer/batches/<int:batch_id>/labels": only("staff_of_a", 200),
    "GET /<lang:lang>/producer/profile": only("staff_of_a", 200),
    "POST /<lang:lang>/producer/profile": only("staff_of_a", 302),
    "POST /<lang:lang>/producer/profile/cover": only("staff_of_a", 302),
    "GET /<lang:lang>/producer/orders": only("staff_of_a", 200),
    "GET /<lang:lang>/producer/orders.csv": only("staff_of_a", 200),
    "GET /<lang:lang>/producer/orders/<number>": only("staff_of_a", 200),
    "GET /<lang:lang>/producer/orders/<number>/slip": only("staff_of_a", 200),
    "POST /<lang:lang>/producer/orders/<number>/"
    "<any(confirmed, packed, shipped, delivered, cancelled):to>": only("staff_of_a", 302),
    "GET /<lang:lang>/producer/quotes": only("staff_of_a", 200),
    "GET /<lang:lang>/producer/quotes/<number>": only("staff_of_a", 200),
    "GET /<lang:lang>/producer/quotes/<number>/print": only("staff_of_a", 200),
    "POST /<lang:lang>/producer/quotes/<number>/quote": only("staff_of_a", 409),
    "POST /<lang:lang>/producer/quotes/<number>/ask": only("staff_of_a", 400),
    "POST /<lang:lang>/producer/quotes/<number>/decline": only("staff_of_a", 400),
    "POST /<lang:lang>/producer/quotes/<number>/messages": only("staff_of_a", 400),
}


def route_keys(app) -> set[str]:
    return {f"{method} {rule.rule}" for rule in app.url_map.iter_rules()
            for method in rule.methods - {"HEAD", "OPTIONS"}}


def test_every_route_is_classified(app):
    assert route_keys(app) == set(EXPECTED)


@pytest.fixture
def world():
    """One user per role, and the objects the routes' parameters point at."""
    producer_a = factories.producer_by_slug("htx-nong-san-moc-huong")
    users = {
        "customer": factories.make_user("customer"),
        "pending_distributor": factories.make_user("distributor"),
        "verified_distributor": factories.make_user("distributor", verified_distributor=True),
        "staff_of_a": factories.make_user("producer_staff", producer=producer_a),
        "admin": factories.make_user("admin"),
    }
    address = factories.make_address(users["customer"])
    order = factories.make_order(users["customer"])
    cart = factories.make_cart(users["customer"])
    someone = factories.make_user("distributor")
    email = queue_email("verify_email", "x@example.com", "vi", link="http://127.0.0.1/x")
    image = db.session.scalar(sa.select(ProductImage).limit(1))
    quote = factories.make_quote_request(users["verified_distributor"],
                                         product_slug_of(producer_a))
    list_line = factories.make_quote_list_line(users["verified_distributor"])
    batch = factories.make_batch(producer_a.products[0])
    review = factories.make_name_change(producer_a.products[0])
    photo = factories.make_photo(producer_a.products[0])  # the delete route removes its file
    collection = factories.make_collection()
    event = factories.make_event(producers=[producer_a])
    transfer = factories.make_bank_transaction()
    values = {
        "lang": "vi", "slug": None, "token": "not-a-token", "address_id": address.id,
        "profile_id": someone.distributor.id, "decision": "verify",
        "producer_id": producer_a.id, "product_id": producer_a.products[0].id,
        "email_id": email.id, "filename": image.thumb_path,
        "line_id": cart.lines[0].id, "number": order.number,
        "fulfilment_id": order.fulfilments[0].id, "to": "confirmed", "switch": "on",
        "quote_number": quote.number, "line_id_of_list": list_line.id,
        "batch_id": batch.id, "code": batch.trace_code, "review_id": review.id,
        "photo_id": photo.id,
        "certificate_id": producer_a.products[0].certificates[0].id,
        "name": "stars", "collection_id": collection.id, "item_id": collection.items[0].id,
        "action": "move", "user_id": someone.id, "section": "products", "page": 1,
        "collection_slug": collection.slug, "event_id": event.id, "event_slug": event.slug,
        "transaction_id": transfer.id, "provider": "sepay",
    }
    return users, values


def product_slug_of(producer) -> str:
    return next(p.slug for p in producer.products if p.price_tiers)


def build_path(rule, values: dict) -> str:
    arguments = {}
    for name in rule.arguments:
        if name == "action" and "admin/products" in rule.rule:
            arguments[name] = "feature"
            continue
        if name == "action" and "users" in rule.rule:
            arguments[name] = "restore"
            continue
        if name == "number" and "quotes" in rule.rule:
            arguments[name] = values["quote_number"]
            continue
        if name == "line_id" and "quotes" in rule.rule:
            arguments[name] = values["line_id_of_list"]
            continue
        if name == "decision" and "listings" in rule.rule:
            arguments[name] = "request_changes"
            continue
        if name == "decision" and "producers" in rule.rule:
            arguments[name] = "verify"
            continue
        if name == "slug":
            arguments[name] = ("htx-nong-san-moc-huong" if "producers" in rule.rule
                               else values["collection_slug"] if "collections" in rule.rule
                               else values["event_slug"] if "events" in rule.rule
                               else "nuoc-mam-chay-moc-huong-500ml")
        elif name == "filename":
            arguments[name] = "css/site.css" if rule.endpoint == "static" else values[name]
        else:
            arguments[name] = values[name]
    return rule.build(arguments, append_unknown=False)[1]


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_route_answers_each_role_as_expected(app, client, world, key):
    users, values = world
    method, rule_text = key.split(" ", 1)
    rule = next(r for r in app.url_map.iter_rules() if r.rule == rule_text)
    path = build_path(rule, values)
    app.config["WTF_CSRF_ENABLED"] = False
    try:
        statuses = []
        for role in ROLES:
            browser = app.test_client()
            if role != "anonymous":
                sign_in(browser, users[role])
            statuses.append(browser.open(path, method=method).status_code)
    finally:
        app.config["WTF_CSRF_ENABLED"] = True
    assert dict(zip(ROLES, statuses, strict=True)) == dict(zip(ROLES, EXPECTED[key],
                                                               strict=True))
