"""Buying: a tourist orders from two producers with cash on delivery and follows the order;
a buyer paying by bank transfer sees the VietQR code; a browser without JavaScript orders."""

import re

from playwright.sync_api import Browser, Page, expect

from storefront.accounts import services
from storefront.extensions import db

PASSWORD = "mot cau mat khau that dai"
CHOPSTICKS = "/en/products/dua-go-tau-quang-thuy-10-doi"


def fill_contact(page: Page, name: str, email: str, province: str) -> None:
    page.get_by_label(re.compile("^(Your name|Họ và tên)")).fill(name)
    page.get_by_label(re.compile("^(E-mail|Email)")).fill(email)
    page.get_by_label(re.compile("^(Phone|Điện thoại|Số điện thoại)")).fill("0912 345 678")
    page.get_by_label(re.compile("^(House number and street|Số nhà)")).fill("12 Lê Lợi")
    page.get_by_label(re.compile("^(Commune or ward|Xã)")).fill("Phường Thuận Hóa")
    page.get_by_label(re.compile("^(Province or city|Tỉnh)")).select_option(label=province)


def office_confirms_first_part(browser: Browser, base: str, app, number: str) -> None:
    with app.app_context():
        services.create_admin(email="office-orders@ocop.example", password=PASSWORD,
                              name="OCOP office")
        db.session.commit()
    office = browser.new_context().new_page()
    office.goto(f"{base}/en/account/login")
    office.get_by_label("E-mail").fill("office-orders@ocop.example")
    office.get_by_label("Password").fill(PASSWORD)
    office.get_by_role("button", name="Sign in").click()
    office.goto(f"{base}/en/admin/orders/{number}")
    office.get_by_role("button", name="Confirm").first.click()
    expect(office.get_by_text("Saved.")).to_be_visible()
    office.context.close()


def test_a_tourist_orders_from_two_producers_and_follows_the_order(page: Page, browser,
                                                                   live_site):
    base = live_site.url
    page.goto(f"{base}/en/products?q=nuoc+mam")
    card = page.locator(".product-card").filter(has_text="Mộc Hương").first
    card.get_by_role("button", name=re.compile("Add to cart")).click()
    expect(card.locator("[data-add-to-cart-message]")).to_contain_text("Added")
    expect(page.locator("[data-cart-count]")).to_have_text("1")

    page.goto(f"{base}{CHOPSTICKS}")
    page.get_by_label("Quantity").fill("2")
    page.get_by_role("button", name="Add to cart", exact=True).click()
    expect(page.locator("[data-cart-count]")).to_have_text("3")

    page.get_by_role("link", name=re.compile("Cart")).click()
    expect(page.locator(".parcel")).to_have_count(2)  # one parcel per producer
    page.get_by_role("link", name="Check out").click()

    fill_contact(page, "Emma Brown", "emma@example.com", "Huế")
    expect(page.locator("[data-grand-total]")).to_have_text(re.compile(r"₫[\d,]+"))
    page.get_by_label("Cash on delivery").check()
    page.get_by_role("button", name="Place the order").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"Order QB-\d{4}-\d{6}"))
    number = re.search(r"QB-\d{4}-\d{6}", page.get_by_role("heading", level=1).inner_text())[0]
    expect(page.locator(".fulfilment")).to_have_count(2)
    expect(page.locator(".timeline").first).to_contain_text("Waiting for the producer")
    expect(page.get_by_text("Order placed")).to_be_visible()
    expect(page.locator("[data-cart-count]")).to_have_text("0")

    office_confirms_first_part(browser, base, live_site.app, number)
    page.reload()
    expect(page.locator(".fulfilment").first.locator(".timeline")).to_contain_text("Confirmed")


def test_a_buyer_paying_by_bank_transfer_sees_the_vietqr_code(page: Page, live_site):
    base = live_site.url
    page.goto(f"{base}/vi/products/muoi-hat-roon-1kg")
    page.get_by_role("button", name="Thêm vào giỏ", exact=True).click()
    expect(page.locator("[data-cart-count]")).to_have_text("1")
    page.goto(f"{base}/vi/checkout")
    fill_contact(page, "Trần Thị Bình", "binh@example.com", "Hà Nội")
    expect(page.locator("[data-grand-total]")).to_have_text(re.compile(r"\d.*₫"))
    page.get_by_label("Chuyển khoản ngân hàng (VietQR)").check()
    page.get_by_role("button", name="Đặt hàng").click()

    transfer = page.locator(".transfer")
    expect(transfer.locator("svg")).to_be_visible()
    expect(transfer).to_contain_text(live_site.app.config["BANK_TRANSFER"]["account"])
    number = re.search(r"QB-\d{4}-\d{6}", page.get_by_role("heading", level=1).inner_text())[0]
    expect(transfer).to_contain_text(number)  # the transfer message is the order number
    box = transfer.locator("svg").bounding_box()
    assert box["width"] >= 160 and box["height"] >= 160  # big enough to scan


def test_without_javascript_a_buyer_still_orders(browser: Browser, live_site):
    base = live_site.url
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{base}/en/products/muoi-hat-roon-1kg")
    page.get_by_role("button", name="Add to cart", exact=True).click()
    # A shared page carries no CSRF token (storefront.page_cache): without JavaScript to
    # fetch one, the cart asks once before adding
    expect(page.get_by_role("heading", name="Add to your cart?")).to_be_visible()
    page.get_by_role("button", name="Add to cart", exact=True).click()
    expect(page.get_by_text("Added to your cart.")).to_be_visible()
    page.goto(f"{base}/en/products/muoi-hat-roon-1kg")  # with a session now: its own token
    page.get_by_role("button", name="Add to cart", exact=True).click()
    expect(page.get_by_text("Added to your cart.")).to_be_visible()
    expect(page.locator("[data-cart-count]")).to_have_text("2")
    page.goto(f"{base}/en/checkout")
    fill_contact(page, "Lan Pham", "lan@example.com", "Quảng Trị")
    page.get_by_label("Cash on delivery").check()
    page.get_by_role("button", name="Place the order").click()
    # The page showed no total before the province was known: the server shows it first.
    expect(page.get_by_text("Here is the total with shipping")).to_be_visible()
    page.get_by_role("button", name="Place the order").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"Order QB-"))
    context.close()
