"""Someone guesses a buyer's password from one browser; the buyer still gets in.

The guessing browser is kept out and offered a sign-in link; the buyer, on a phone that has
not failed, signs in with the password. The kept-out browser then asks for the link, opens
it from the e-mail and confirms with one click.
"""

import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import Browser, Page, expect
from werkzeug.middleware.proxy_fix import ProxyFix

from storefront.accounts import services
from storefront.extensions import db
from storefront.mail.models import OutboxEmail

PASSWORD = "mot cau mat khau that dai"
EMAIL = "lan.nguyen@example.com"


def create_buyer(app) -> None:
    with app.app_context():
        services.register_customer(email=EMAIL, password=PASSWORD, name="Nguyễn Thị Lan",
                                   locale="vi")
        db.session.commit()


def sign_in_link(app) -> str:
    with app.app_context():
        mail = db.session.scalars(sa.select(OutboxEmail).where(
            OutboxEmail.kind == "sign_in_link", OutboxEmail.to_address == EMAIL)).one()
        # Mail links start with SITE_URL, not the live server's ephemeral port.
        return re.search(r"/vi/account/login/link/\S+", mail.text_body).group(0)


def try_password(page: Page, base: str, password: str) -> None:
    page.goto(f"{base}/vi/account/login")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


@pytest.fixture
def behind_a_proxy(live_site):
    """The live server sees every browser at 127.0.0.1: read X-Forwarded-For, as the app
    does behind nginx (PROXY_HOPS=1), so each browser gets its own address."""
    app = live_site.app
    served = app.wsgi_app
    app.wsgi_app = ProxyFix(served, x_for=1)
    yield
    app.wsgi_app = served


def test_kept_out_then_signed_in_by_link(browser: Browser, live_site, behind_a_proxy):
    base, app = live_site.url, live_site.app
    create_buyer(app)
    guesser = browser.new_context(extra_http_headers={"X-Forwarded-For": "203.0.113.7"})
    page = guesser.new_page()
    for n in range(5):
        try_password(page, base, f"doan sai lan {n}")
        expect(page.get_by_text("Email hoặc mật khẩu không đúng.")).to_be_visible()
    try_password(page, base, PASSWORD)
    expect(page.get_by_role("heading", name="Nhập sai mật khẩu quá nhiều lần")).to_be_visible()

    phone = browser.new_context(extra_http_headers={"X-Forwarded-For": "198.51.100.20"},
                                viewport={"width": 390, "height": 844}).new_page()
    try_password(phone, base, PASSWORD)
    expect(phone).to_have_url(re.compile(r"/vi/account/$"))

    expect(page.get_by_label("Email")).to_have_value(EMAIL)
    page.get_by_role("button", name="Gửi cho tôi liên kết đăng nhập").click()
    expect(page.get_by_role("heading", name="Hãy kiểm tra hộp thư của bạn")).to_be_visible()
    page.goto(base + sign_in_link(app))
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url(re.compile(r"/vi/account/$"))
    expect(page.get_by_text("Bạn đã đăng nhập.")).to_be_visible()
    guesser.close()
