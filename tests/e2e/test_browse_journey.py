"""A tourist browses in English, narrows to 4★ food, and reads the product in Vietnamese."""

import re

from playwright.sync_api import Page, expect


def test_filter_to_four_star_food_and_switch_language(page: Page, live_server):
    page.goto(f"{live_server}/en/")
    expect(page.get_by_role("heading", name="Featured products")).to_be_visible()

    page.get_by_role("link", name=re.compile("Provincial excellence")).click()
    expect(page).to_have_url(re.compile(r"/en/products\?stars=4"))
    food = page.locator(".facet").filter(has_text="Category").get_by_role(
        "link", name=re.compile("^Food"))
    food.click()
    expect(page).to_have_url(re.compile(r"category=food"))
    expect(food).to_have_attribute("aria-current", "true")

    cards = page.locator(".product-card")
    expect(cards.first).to_be_visible()
    for badge in cards.locator(".stars").all():
        expect(badge).to_have_attribute("aria-label", "OCOP 4 stars")

    first = cards.first.locator(".product-card__link")
    english_name = first.locator(".product-card__name").inner_text()
    first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(english_name)
    expect(page.get_by_text("OCOP certificate")).to_be_visible()
    slug = page.url.rsplit("/", 1)[1]

    page.get_by_role("navigation", name="Language").get_by_role("link").click()
    expect(page).to_have_url(f"{live_server}/vi/products/{slug}")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    vietnamese_name = page.get_by_role("heading", level=1).inner_text()
    assert vietnamese_name != english_name
    expect(page.get_by_text("Giấy chứng nhận OCOP")).to_be_visible()
    # shared pages set no cookie; the switcher remembered the choice for the bare "/"
    assert {cookie["name"]: cookie["value"] for cookie in page.context.cookies()} == {
        "lang": "vi"}
    page.goto(f"{live_server}/")
    expect(page).to_have_url(f"{live_server}/vi/")


def test_phone_layout_keeps_filters_out_of_the_way(page: Page, live_server):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{live_server}/en/products")
    panel = page.locator("details[data-collapse-on-phone]")
    expect(panel).not_to_have_attribute("open", "")
    page.get_by_text("Filters").click()
    expect(panel.get_by_role("link", name=re.compile("^Food"))).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_sort_select_applies_without_a_button(page: Page, live_server):
    page.goto(f"{live_server}/en/products")
    page.get_by_label("Sort by").select_option("price_asc")
    expect(page).to_have_url(re.compile(r"sort=price_asc"))
    prices = page.locator(".product-card .price").all_inner_texts()
    values = [int(re.sub(r"\D", "", price)) for price in prices]
    assert values == sorted(values)


def test_gallery_thumbnails_swap_the_main_image(page: Page, live_server):
    page.goto(f"{live_server}/en/products/nuoc-mam-chay-moc-huong-500ml")
    main = page.locator("[data-gallery-main] img")
    before = main.get_attribute("src")
    page.locator("[data-gallery-thumb]").nth(1).click()
    expect(main).not_to_have_attribute("src", before)
    expect(page.locator("[data-gallery-thumb]").nth(1)).to_have_attribute("aria-current", "true")
