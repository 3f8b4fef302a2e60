"""On a phone, a producer's staff confirm, pack and ship their part of an order; the portal
pages pass axe."""

import re

from playwright.sync_api import Browser, expect

from storefront.accounts.models import Role, User
from storefront.accounts.services import _set_password
from storefront.catalog.models import Producer
from storefront.clock import utcnow
from storefront.extensions import db
from tests import factories
from tests.e2e.test_accessibility import axe_violations

PASSWORD = "mot cau mat khau that dai"


def staff_with_an_order(app) -> tuple[str, str]:
    with app.app_context():
        producer = db.session.scalar(db.select(Producer).where(
            Producer.slug == "htx-muoi-sach-dong-diem"))
        staff = User(email="donggoi@dongdiem.example", name="Trần Thị Lan",
                     role=Role.PRODUCER_STAFF, producer=producer, locale="vi",
                     email_verified_at=utcnow())
        _set_password(staff, PASSWORD)
        db.session.add(staff)
        order = factories.make_order(items=(("muoi-hat-roon-1kg", 3),))
        db.session.commit()
        return staff.email, order.number


def test_a_producer_ships_a_parcel_from_a_phone(browser: Browser, live_site, axe_source):
    base = live_site.url
    email, number = staff_with_an_order(live_site.app)
    page = browser.new_context(bypass_csp=True, viewport={"width": 360, "height": 780},
                               is_mobile=True).new_page()
    found = []
    page.goto(f"{base}/vi/account/login")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").first.click()

    page.goto(f"{base}/vi/producer/")
    to_confirm = page.get_by_role("link", name=re.compile(r"^\d+ đơn hàng cần xác nhận$"))
    expect(to_confirm).to_be_visible()  # other journeys may have ordered salt too
    found += axe_violations(page, axe_source)
    to_confirm.click()
    found += axe_violations(page, axe_source)
    page.get_by_role("link", name=number).click()
    found += axe_violations(page, axe_source)

    page.get_by_role("button", name="Xác nhận").click()
    expect(page.locator("h1 .badge")).to_have_text("Đã xác nhận")
    page.get_by_role("button", name="Đánh dấu đã đóng gói").click()
    page.get_by_label("Đơn vị vận chuyển").fill("Viettel Post")
    page.get_by_label("Mã vận đơn").fill("VTP778899")
    page.get_by_role("button", name="Đánh dấu đã gửi hàng").click()
    expect(page.locator("h1 .badge")).to_have_text("Đã gửi hàng")
    expect(page.get_by_text(re.compile("Viettel Post VTP778899"))).to_be_visible()

    page.get_by_role("link", name="Phiếu đóng gói").click()
    expect(page.get_by_text("Thu hộ khi giao")).to_be_visible()
    found += axe_violations(page, axe_source)
    assert found == []
