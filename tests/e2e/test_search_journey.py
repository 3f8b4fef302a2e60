"""A visitor types without accents, picks a suggestion with the keyboard, then searches."""

import re

from playwright.sync_api import Page, expect


def test_suggestions_by_keyboard(page: Page, live_server):
    page.goto(f"{live_server}/vi/")
    box = page.get_by_role("combobox", name="Tìm sản phẩm")
    box.fill("mat on")
    listbox = page.get_by_role("listbox")
    expect(listbox).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    options = listbox.get_by_role("option")
    expect(options.first).to_contain_text("Mật ong")
    box.press("ArrowDown")
    expect(options.first).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", re.compile(".+"))
    box.press("Escape")
    expect(listbox).to_be_hidden()
    box.press("ArrowDown")  # closed list: the key does nothing
    box.fill("mat ong")
    expect(options.first).to_be_visible()
    box.press("ArrowDown")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/vi/products/mat-ong"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mật ong")


def test_search_without_accents_then_filter(page: Page, live_server):
    page.goto(f"{live_server}/en/")
    box = page.get_by_role("combobox", name="Search products")
    box.fill("nuoc mam")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/en/products\?q=nuoc\+mam"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("nuoc mam")
    first = page.locator(".product-card").first
    expect(first.locator("mark").first).to_be_visible()
    page.locator(".facet").filter(has_text="Origin").get_by_role(
        "link", name=re.compile("^Quảng Ninh")).click()
    expect(page).to_have_url(re.compile(r"district=quang-ninh"))
    expect(page.locator(".product-card__origin").first).to_have_text("Quảng Ninh District")


def test_a_typo_offers_did_you_mean(page: Page, live_server):
    page.goto(f"{live_server}/en/products?q=honney")
    expect(page.get_by_text("Did you mean")).to_be_visible()
    page.get_by_role("link", name="honey", exact=True).click()
    expect(page).to_have_url(re.compile(r"q=honey"))
    expect(page.locator(".product-card").first).to_contain_text("Honey")


def test_search_works_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server}/vi/")
    page.locator("#site-search-input").fill("khoai deo")
    page.locator("#site-search-input").press("Enter")
    expect(page.locator(".product-card").first).to_contain_text("Khoai deo")
    context.close()
