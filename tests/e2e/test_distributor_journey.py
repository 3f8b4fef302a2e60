"""A business registers as a distributor, the OCOP office verifies it, wholesale opens."""

import re

from playwright.sync_api import Browser, Page, expect

from storefront.accounts import services
from storefront.extensions import db

PASSWORD = "mot cau mat khau that dai"
PRODUCT = "/vi/products/nuoc-mam-chay-moc-huong-500ml"


def create_admin(app) -> str:
    with app.app_context():
        services.create_admin(email="vanphong@ocop.example", password=PASSWORD,
                              name="Văn phòng OCOP")
        db.session.commit()
    return "vanphong@ocop.example"


def sign_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/vi/account/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url(re.compile(r"/vi/account/$"))


def test_register_verify_and_see_wholesale_prices(browser: Browser, live_site):
    base = live_site.url
    distributor = browser.new_context().new_page()
    distributor.goto(f"{base}{PRODUCT}")
    expect(distributor.get_by_text("Đăng ký làm nhà phân phối")).to_be_visible()
    distributor.get_by_role("link", name="Đăng ký làm nhà phân phối").click()

    distributor.get_by_label("Tên doanh nghiệp").fill("Công ty TNHH Quà Quê Đồng Hới")
    distributor.get_by_label("Mã số thuế").fill("31-00 123")  # a typo first
    distributor.get_by_label("Địa chỉ kinh doanh").fill("12 Lý Thường Kiệt, Đồng Hới")
    distributor.get_by_label("Điện thoại").fill("0232 3822 555")
    distributor.get_by_label("Họ và tên").fill("Phan Thị Quế")
    distributor.get_by_label("Email").fill("que@quaque.example")
    distributor.get_by_label("Mật khẩu").fill(PASSWORD)
    distributor.get_by_role("button", name=re.compile("Gửi")).click()
    expect(distributor.locator(".field__error")).to_contain_text("mã số thuế")
    distributor.get_by_label("Mã số thuế").fill("3100123456")
    distributor.get_by_label("Mật khẩu").fill(PASSWORD)
    distributor.get_by_role("button", name=re.compile("Gửi")).click()
    expect(distributor.get_by_role("heading", level=1)).to_have_text(re.compile("hộp thư"))

    sign_in(distributor, base, "que@quaque.example")
    expect(distributor.locator(".badge")).to_contain_text("chờ xác minh")
    distributor.goto(f"{base}{PRODUCT}")
    expect(distributor.get_by_text("sau khi Văn phòng OCOP xác minh")).to_be_visible()

    office = browser.new_context().new_page()
    sign_in(office, base, create_admin(live_site.app))
    office.goto(f"{base}/vi/admin/distributors")
    entry = office.locator(".decision-list > li").filter(has_text="Quà Quê Đồng Hới")
    entry.get_by_role("button", name="Xác minh").click()
    expect(office.get_by_text("đã ghi nhận quyết định")).to_be_visible()

    distributor.reload()
    wholesale = distributor.get_by_role("region", name="Giá sỉ")
    expect(wholesale).to_be_visible()
    expect(wholesale.get_by_role("row")).to_have_count(3)
