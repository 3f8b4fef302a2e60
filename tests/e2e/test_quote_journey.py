"""A wholesale deal in Chromium: a distributor asks for two products, the producer quotes,
the distributor counters, the producer re-quotes, the distributor accepts and sees the
order."""

import re

from playwright.sync_api import Browser, Page, expect

from storefront.accounts.models import DistributorProfile, DistributorStatus, Role, User
from storefront.accounts.services import _set_password
from storefront.catalog.models import Producer
from storefront.clock import utcnow
from storefront.extensions import db
from tests.e2e.test_accessibility import axe_violations

PASSWORD = "mot cau mat khau that dai"
PRODUCTS = ("nuoc-mam-chay-moc-huong-500ml", "moc-nhi-kho-moc-huong-200g")  # one producer


def make_people(app) -> tuple[str, str]:
    with app.app_context():
        producer = db.session.scalar(db.select(Producer).where(
            Producer.slug == "htx-nong-san-moc-huong"))
        buyer = User(email="muahang@sieuthique.example", name="Lê Minh Thư", role=Role.DISTRIBUTOR,
                     locale="en", email_verified_at=utcnow())
        buyer.distributor = DistributorProfile(
            company_name="Siêu thị Quê Nhà", tax_code="0101234567",
            business_address="5 Tràng Tiền, Hà Nội", phone="0243 825 1234",
            contact_person="Lê Minh Thư", status=DistributorStatus.VERIFIED)
        staff = User(email="banhang@mochuong.example", name="Hoàng Văn Hải",
                     role=Role.PRODUCER_STAFF, producer=producer, locale="vi",
                     email_verified_at=utcnow())
        for user in (buyer, staff):
            _set_password(user, PASSWORD)
            db.session.add(user)
        db.session.commit()
    return "muahang@sieuthique.example", "banhang@mochuong.example"


def sign_in(page: Page, base: str, email: str, lang: str) -> None:
    page.goto(f"{base}/{lang}/account/login")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(rf"/{lang}/account/$"))


def set_prices(page: Page, price: str, quantity: str | None = None) -> None:
    for field in page.locator("input[name^=price-]").all():
        field.fill(price)
    if quantity:
        for field in page.locator("input[name^=qty-]").all():
            field.fill(quantity)


def test_a_wholesale_deal_from_request_to_order(browser: Browser, live_site, axe_source):
    base = live_site.url
    buyer_email, staff_email = make_people(live_site.app)
    found = []  # accessibility problems along the way (axe needs bypass_csp to be injected)
    buyer = browser.new_context(bypass_csp=True).new_page()
    sign_in(buyer, base, buyer_email, "en")
    for slug in PRODUCTS:
        buyer.goto(f"{base}/en/products/{slug}")
        buyer.get_by_label("Quantity for a quote").fill("40")
        buyer.get_by_role("button", name="Add to quote list").click()
        expect(buyer.get_by_text("Added to your quote list.")).to_be_visible()

    buyer.goto(f"{base}/en/quotes/list")
    expect(buyer.locator("table.quote-list tbody tr")).to_have_count(2)
    found += axe_violations(buyer, axe_source)
    buyer.get_by_label("Deliver to (province or city)").select_option(label="Hà Nội")
    buyer.get_by_label("Message to the producers (optional)").fill("For our three shops")
    buyer.get_by_role("button", name="Send for quotes").click()
    expect(buyer.get_by_text(re.compile(r"Sent: RFQ-\d{4}-\d{6}"))).to_be_visible()
    number = re.search(r"RFQ-\d{4}-\d{6}", buyer.locator(".flash, [role=status], main").first
                       .inner_text())[0]

    producer = browser.new_context(bypass_csp=True, viewport={"width": 360, "height": 800}
                                   ).new_page()
    sign_in(producer, base, staff_email, "vi")
    producer.goto(f"{base}/vi/producer/quotes")
    producer.get_by_role("link", name=number).click()
    expect(producer.get_by_text("For our three shops")).to_be_visible()
    found += axe_violations(producer, axe_source)
    set_prices(producer, "85000")
    producer.get_by_label("Phí giao hàng (đồng)").fill("200000")
    producer.get_by_role("button", name="Gửi báo giá").click()
    expect(producer.locator("h1 .badge")).to_have_text("Đã báo giá")

    buyer.goto(f"{base}/en/quotes/{number}")
    expect(buyer.get_by_role("heading", name="Quote 1")).to_be_visible()
    found += axe_violations(buyer, axe_source)
    buyer.get_by_text("Propose other quantities or prices").click()
    set_prices(buyer, "78000", quantity="60")
    buyer.get_by_role("button", name="Send the counter-offer").click()
    expect(buyer.locator("h1 .badge")).to_have_text("Counter-offer sent")

    producer.reload()
    set_prices(producer, "80000")
    producer.get_by_role("button", name="Gửi báo giá").click()
    expect(producer.get_by_role("heading", name="Báo giá 3")).to_be_visible()

    buyer.reload()
    expect(buyer.get_by_role("heading", name="Counter-offer 2")).to_be_visible()
    buyer.get_by_label("House number and street").fill("5 Tràng Tiền")
    buyer.get_by_label("Commune or ward").fill("Phường Hoàn Kiếm")
    buyer.get_by_label("Bank transfer (VietQR)").check()
    buyer.get_by_role("button", name="Accept and order").click()

    expect(buyer.get_by_role("heading", level=1)).to_have_text(re.compile(r"Order QB-"))
    expect(buyer.get_by_text("₫9,800,000").first).to_be_visible()  # 2 × 60 × 80,000 + 200,000
    expect(buyer.get_by_role("link", name=number)).to_be_visible()  # back to the quote
    expect(buyer.locator(".transfer svg")).to_be_visible()
    assert found == []
