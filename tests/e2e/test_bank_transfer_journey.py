"""A buyer pays by VietQR; the bank's signed notification arrives; the open order page turns
to "paid" by itself, and the office finds the transfer matched on its desk."""

import hashlib
import hmac
import json
import re
import time

import pytest
from playwright.sync_api import Browser, Page, expect

from storefront.accounts import services
from storefront.extensions import db
from tests.e2e.test_distributor_journey import PASSWORD, sign_in
from tests.e2e.test_order_journey import fill_contact

API_KEY, SECRET = "e2e-sepay-key", "e2e-sepay-secret"
OFFICE = "ketoan@ocop.example"  # the office's accountant (each journey has its own account)


def create_accountant(app) -> str:
    with app.app_context():
        services.create_admin(email=OFFICE, password=PASSWORD, name="Kế toán văn phòng OCOP")
        db.session.commit()
    return OFFICE


@pytest.fixture
def sepay(live_site):
    config = live_site.app.config
    saved = {name: config.get(name) for name in ("SEPAY_API_KEY", "SEPAY_SIGNING_SECRET")}
    config.update(SEPAY_API_KEY=API_KEY, SEPAY_SIGNING_SECRET=SECRET)
    yield
    config.update(saved)


def notify(http, base: str, account: str, content: str, amount: int) -> dict:
    """What SePay sends: the transaction, the API key, and the HMAC-SHA256 signature."""
    body = json.dumps({
        "id": int(time.time() * 1000), "gateway": "Vietcombank",
        "transactionDate": time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(time.time() + 7 * 3600)),
        "accountNumber": account, "code": None, "content": content, "transferType": "in",
        "transferAmount": amount, "accumulated": amount, "subAccount": None,
        "referenceCode": f"FT{int(time.time() * 1000)}", "description": ""}).encode()
    stamp = str(int(time.time()))
    signature = hmac.new(SECRET.encode(), stamp.encode() + b"." + body, hashlib.sha256)
    answer = http.post(f"{base}/webhooks/bank/sepay", data=body, headers={
        "Content-Type": "application/json", "Authorization": f"Apikey {API_KEY}",
        "X-SePay-Timestamp": stamp, "X-SePay-Signature": f"sha256={signature.hexdigest()}"})
    assert answer.ok, answer.text()
    return answer.json()


def test_a_transfer_pays_the_open_order_page(page: Page, browser: Browser, live_site, sepay):
    base, bank = live_site.url, live_site.app.config["BANK_TRANSFER"]
    page.goto(f"{base}/vi/products/muoi-hat-roon-1kg")
    page.get_by_role("button", name="Thêm vào giỏ", exact=True).click()
    expect(page.locator("[data-cart-count]")).to_have_text("1")
    page.goto(f"{base}/vi/checkout")
    fill_contact(page, "Hoàng Văn Minh", "minh@example.com", "Quảng Trị")
    page.get_by_label("Chuyển khoản ngân hàng (VietQR)").check()
    page.get_by_role("button", name="Đặt hàng").click()

    expect(page.get_by_text("trang này tự chuyển sang “Đã thanh toán”")).to_be_visible()
    number = re.search(r"QB-\d{4}-\d{6}", page.get_by_role("heading", level=1).inner_text())[0]
    amount = int(re.sub(r"\D", "", page.locator(".transfer .facts strong").first.inner_text()))

    # The buyer's banking app strips the dashes and puts the sender's name first.
    message = f"HOANG VAN MINH {number.replace('-', '')}"
    answer = notify(page.request, base, bank["account"], message, amount)
    assert answer == {"success": True, "outcomes": ["matched"]}
    expect(page.locator(".badge", has_text="Đã thanh toán")).to_be_visible(timeout=15_000)
    expect(page.locator(".transfer")).to_have_count(0)

    office = browser.new_context().new_page()
    sign_in(office, base, create_accountant(live_site.app))
    office.goto(f"{base}/vi/admin/transfers?status=matched")
    expect(office.get_by_role("link", name=number)).to_be_visible()
    office.context.close()
