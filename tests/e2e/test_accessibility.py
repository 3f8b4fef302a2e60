"""axe-core finds no serious or critical violations on the main pages, in both languages."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, expect

PAGES = [
    "/{lang}/",
    "/{lang}/products",
    "/{lang}/products?stars=4&category=food",
    "/{lang}/products?q=nuoc+mam",
    "/{lang}/products?q=honney",
    "/{lang}/products/nuoc-mam-chay-moc-huong-500ml",
    "/{lang}/producers",
    "/{lang}/producers/htx-nong-san-moc-huong",
    "/{lang}/products/no-such-product",
    "/{lang}/account/login",
    "/{lang}/account/register",
    "/{lang}/account/register/distributor",
    "/{lang}/account/password/forgot",
    "/{lang}/account/login/link",
    "/{lang}/account/login/link/sent",
]


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("width", [360, 1280])
def test_no_serious_accessibility_violations(browser: Browser, live_server, axe_source,
                                             lang, path, width):
    # bypass_csp lets the test inject axe; the pages themselves allow no inline script.
    context = browser.new_context(bypass_csp=True, viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(live_server + path.format(lang=lang))
    page.add_script_tag(content=axe_source)
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    context.close()
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results["violations"] if v["impact"] in ("serious", "critical")
    ]
    assert serious == []


def axe_violations(page, axe_source) -> list[str]:
    page.add_script_tag(content=axe_source)
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{page.url} {v['id']} ({v['impact']}): {v['help']} — "
        f"{[n['target'] for n in v['nodes']][:3]}"
        for v in results["violations"] if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("width", [360, 1280])
def test_cart_checkout_and_order_pages(browser: Browser, live_server, axe_source, lang, width):
    """The pages behind a cart: the cart, checkout with its errors shown, the order."""
    context = browser.new_context(bypass_csp=True, viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server}/{lang}/products/nuoc-mam-chay-moc-huong-500ml")
    page.locator("form[data-add-to-cart] button").first.click()
    page.wait_for_function("document.querySelector('[data-cart-count]').textContent === '1'")
    found = []
    page.goto(f"{live_server}/{lang}/cart")
    found += axe_violations(page, axe_source)
    page.goto(f"{live_server}/{lang}/checkout")
    found += axe_violations(page, axe_source)
    page.locator("form[data-checkout] button[type=submit]").click()  # nothing filled in
    page.wait_for_selector(".field__error")
    found += axe_violations(page, axe_source)
    page.fill("input[name=name]", "Emma Brown")
    page.fill("input[name=email]", "emma@example.com")
    page.fill("input[name=phone]", "0912345678")
    page.fill("input[name=street]", "12 Lê Lợi")
    page.fill("input[name=commune]", "Phường Thuận Hóa")
    page.select_option("select[name=province_code]", "hue")
    page.wait_for_function(
        "document.querySelector('[data-expected-total]').value !== ''")
    page.check("input[name=payment_method][value=bank_transfer]")
    page.locator("form[data-checkout] button[type=submit]").click()
    page.wait_for_selector(".transfer svg")
    found += axe_violations(page, axe_source)
    context.close()
    assert found == []


@pytest.mark.parametrize(("lang", "heading"), [("vi", "Thêm vào giỏ hàng?"),
                                               ("en", "Add to your cart?")])
def test_add_to_cart_confirmation(browser: Browser, live_server, axe_source, lang, heading):
    """What a buyer without JavaScript sees after "Add to cart" on a shared page. Blocking
    site.js stands in for a browser without JavaScript (axe itself needs scripts)."""
    context = browser.new_context(bypass_csp=True, viewport={"width": 360, "height": 740})
    context.route(re.compile(r"/static/js/site\.js"), lambda route: route.abort())
    page = context.new_page()
    page.goto(f"{live_server}/{lang}/products/mat-ong-rung-minh-hoa-500ml")
    page.locator("form[data-add-to-cart] button").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert axe_violations(page, axe_source) == []
    context.close()
