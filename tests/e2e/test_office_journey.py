"""The office certifies a product 4★ and features it in a collection; the public home page
shows it with its stars. The office's pages pass axe."""

import datetime as dt
import re

from playwright.sync_api import Browser, expect

from storefront.accounts.models import Role, User
from storefront.accounts.services import _set_password
from storefront.clock import today, utcnow
from storefront.extensions import db
from tests import factories
from tests.e2e.test_accessibility import axe_violations

PASSWORD = "mot cau mat khau that dai"


def officer_and_product(app) -> tuple[str, str, str]:
    with app.app_context():
        officer = User(email="chungnhan@ocop.example", name="Phòng OCOP tỉnh", role=Role.ADMIN,
                       locale="vi", email_verified_at=utcnow())
        _set_password(officer, PASSWORD)
        db.session.add(officer)
        product = factories.make_product("Mè xửng Đồng Hới", "Dong Hoi sesame candy",
                                         producer=factories.producer_by_slug(
                                             "htx-nong-san-moc-huong"))
        db.session.commit()
        return officer.email, product.sku, product.text("vi").name


def test_the_office_certifies_and_features_a_product_on_the_home_page(
        browser: Browser, live_site, axe_source):
    base = live_site.url
    email, sku, name = officer_and_product(live_site.app)
    found = []
    page = browser.new_context(bypass_csp=True).new_page()
    page.goto(f"{base}/vi/account/login")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").first.click()

    page.goto(f"{base}/vi/admin/certificates")
    found += axe_violations(page, axe_source)
    page.get_by_role("link", name="Ghi nhận giấy chứng nhận").click()
    page.get_by_label("Mã sản phẩm").fill(sku)
    page.get_by_label("Hạng sao").select_option("4")
    page.get_by_label("Điểm (0–100)").fill("72")
    page.get_by_label("Số quyết định").fill("2468/QĐ-UBND")
    page.get_by_label("Ngày quyết định").fill((today() - dt.timedelta(days=2)).isoformat())
    found += axe_violations(page, axe_source)
    page.get_by_role("button", name="Ghi nhận", exact=True).click()
    expect(page.get_by_text(re.compile("Đã ghi nhận giấy chứng nhận: 4 sao"))).to_be_visible()
    found += axe_violations(page, axe_source)

    page.goto(f"{base}/vi/admin/collections/new")
    page.get_by_label("Tiêu đề (tiếng Việt)").fill("Đặc sản 4 sao mới")
    page.get_by_label("Tiêu đề (tiếng Anh)").fill("New 4-star specialities")
    page.get_by_role("button", name="Tạo bộ sưu tập").click()
    page.get_by_label("Thêm sản phẩm theo mã").fill(sku)
    page.get_by_role("button", name="Thêm", exact=True).click()
    expect(page.get_by_text(name)).to_be_visible()
    found += axe_violations(page, axe_source)

    buyer = browser.new_context(bypass_csp=True).new_page()
    buyer.goto(f"{base}/vi/")
    section = buyer.locator("section", has=buyer.get_by_role("heading",
                                                             name="Đặc sản 4 sao mới"))
    expect(section.get_by_role("link", name=re.compile(name)).first).to_be_visible()
    expect(section.get_by_role("img", name=re.compile("OCOP 4 sao"))).to_be_visible()
    section.get_by_role("link", name=re.compile("Xem bộ sưu tập")).click()
    expect(buyer.get_by_role("heading", level=1)).to_have_text("Đặc sản 4 sao mới")
    assert found == []
