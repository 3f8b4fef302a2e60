"""Paying by card in Chromium: declined, then paid, then cancelled and refunded.

Stripe.js cannot load here (no internet), so the browser gets a small stand-in served at
Stripe.js's address: it mounts a card field and, like Stripe.js, confirms the
PaymentIntent through "api.stripe.com", which Playwright routes to localstripe. Everything
else is real: the checkout, our card page script, localstripe charging the card and
signing its webhook to the live server, the order page waiting for it, the refund.
"""

from __future__ import annotations

import re
import shutil
import threading
import urllib.parse
import urllib.request
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, Route, expect
from werkzeug.serving import make_server

from storefront import create_app
from tests.conftest import app_config, migrate_and_seed
from tests.e2e.test_accessibility import axe_violations
from tests.e2e.test_order_journey import fill_contact
from tests.support.stripe_events import WEBHOOK_SECRET, stripe_settings

SALT = "/en/products/muoi-hat-roon-1kg"
DECLINED_CARD = "4000000000000341"  # localstripe declines it when charging

STRIPE_JS_STAND_IN = """
window.Stripe = function () {
  var secret = null;
  return {
    elements: function (options) {
      secret = options.clientSecret;
      return {create: function () {
        return {
          mount: function (slot) {
            slot.innerHTML = '<label>Card number <input name="cardnumber"></label>';
          },
          on: function (name, handler) { if (name === "ready") { setTimeout(handler, 0); } }
        };
      }};
    },
    confirmPayment: function (args) {
      var id = secret.split("_secret_")[0];
      var card = document.querySelector("input[name=cardnumber]").value.replace(/ /g, "");
      var method = card === "DECLINED_CARD" ? "pm_card_chargeCustomerFail" : "pm_card_visa";
      var api = "https://api.stripe.com/v1/payment_intents/" + id;
      return fetch(api, {method: "POST", body: new URLSearchParams({payment_method: method})})
        .then(function () { return fetch(api + "/confirm", {method: "POST"}); })
        .then(function (response) {
          if (!response.ok) {
            return response.json().then(function (body) { return {error: body.error}; });
          }
          var back = args.confirmParams.return_url;
          window.location = back + (back.indexOf("?") < 0 ? "?" : "&") +
            "payment_intent=" + id + "&redirect_status=succeeded";
          return {};
        });
    }
  };
};
""".replace("DECLINED_CARD", DECLINED_CARD)


@pytest.fixture(scope="module")
def card_site(tmp_path_factory, media_root, localstripe) -> Iterator[str]:
    instance = tmp_path_factory.mktemp("e2e-card")
    app = create_app({**app_config(instance, f"sqlite:///{instance / 'card.sqlite3'}",
                                   media_root), **stripe_settings(localstripe)})
    app.config["TESTING"] = False
    migrate_and_seed(app)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    urllib.request.urlopen(f"{localstripe}/_config/webhooks/storefront-tests",  # noqa: S310
                           urllib.parse.urlencode({"url": f"{base}/webhooks/stripe",
                                                   "secret": WEBHOOK_SECRET}).encode())
    yield base
    server.shutdown()
    shutil.rmtree(instance, ignore_errors=True)


@pytest.fixture
def stripe_in_the_browser(page: Page, localstripe, allowed_console_errors):
    """Stripe.js and Stripe's API, as the browser would reach them, served locally."""
    page.route("https://js.stripe.com/**", lambda route: route.fulfill(
        body=STRIPE_JS_STAND_IN, content_type="application/javascript"))

    def to_localstripe(route: Route) -> None:
        path = route.request.url.removeprefix("https://api.stripe.com")
        answer = route.fetch(url=f"{localstripe}{path}", headers={
            **route.request.headers, "Authorization": "Bearer sk_test_storefront"})
        route.fulfill(response=answer, headers={**answer.headers,
                                                "Access-Control-Allow-Origin": "*"})

    page.route("https://api.stripe.com/**", to_localstripe)
    # A declined card answers 402, which Chromium reports on the console like any failed
    # request (with the real Stripe.js too): expected here, so it must not fail the test.
    allowed_console_errors.append(re.compile(r"status of 402"))
    return page


def order_by_card(page: Page, base: str, lang: str = "en") -> None:
    """From an empty cart to the card page."""
    page.goto(f"{base}{SALT.replace('/en/', f'/{lang}/')}")
    page.locator("form[data-add-to-cart] button").first.click()
    expect(page.locator("[data-cart-count]")).to_have_text("1")
    page.goto(f"{base}/{lang}/checkout")
    fill_contact(page, "Emma Brown", "emma@example.com", "Huế")
    expect(page.locator("[data-grand-total]")).not_to_have_text("—")
    page.check("input[name=payment_method][value=card]")
    page.locator("form[data-checkout] button[type=submit]").click()


def test_a_tourist_pays_by_card_after_a_decline_then_cancels_and_is_refunded(
        stripe_in_the_browser: Page, card_site: str):
    page = stripe_in_the_browser
    order_by_card(page, card_site)

    expect(page.get_by_role("heading", level=1)).to_have_text("Pay by card")
    pay = page.get_by_role("button", name=re.compile(r"^Pay ₫[\d,]+$"))
    expect(pay).to_be_enabled()
    page.get_by_label("Card number").fill(DECLINED_CARD)
    pay.click()
    expect(page.locator("#card-errors")).to_have_text("Your card was declined.")

    page.get_by_label("Card number").fill("4242 4242 4242 4242")
    pay.click()

    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"Order QB-"))
    expect(page.get_by_role("heading", name="Payment processing")).to_be_visible()
    # The page refreshes itself until Stripe's webhook has marked the order paid
    expect(page.locator(".badge", has_text="Paid")).to_be_visible(timeout=20_000)
    expect(page.get_by_role("heading", name="Payment processing")).to_have_count(0)

    page.get_by_role("button", name="Cancel the order").click()
    expect(page.get_by_text("Your order is cancelled")).to_be_visible()
    expect(page.get_by_text(re.compile(r"Refunded to your card: ₫[\d,]+"))).to_be_visible()
    expect(page.locator(".badge", has_text="Refunded")).to_be_visible()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_card_page_and_the_waiting_order_page_are_accessible(browser, card_site, axe_source,
                                                                 lang):
    context = browser.new_context(bypass_csp=True, viewport={"width": 360, "height": 800})
    page = context.new_page()
    page.route("https://js.stripe.com/**", lambda route: route.fulfill(
        body=STRIPE_JS_STAND_IN, content_type="application/javascript"))
    order_by_card(page, card_site, lang)
    page.wait_for_selector("input[name=cardnumber]")
    found = axe_violations(page, axe_source)
    page.goto(page.url.replace("/pay?", "?") + "&redirect_status=succeeded")
    page.wait_for_selector(".card-payment__processing")
    found += axe_violations(page, axe_source)
    context.close()
    assert found == []
