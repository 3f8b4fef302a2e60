"""On a phone, a producer adds a product with a photo; the office approves it; buyers find it
in the catalogue and in search. The new portal and office pages pass axe."""

import io
import re

from PIL import Image
from playwright.sync_api import Browser, Page, expect

from storefront.accounts.models import Role, User
from storefront.accounts.services import _set_password
from storefront.catalog.models import Producer
from storefront.clock import utcnow
from storefront.extensions import db
from tests.e2e.test_accessibility import axe_violations

PASSWORD = "mot cau mat khau that dai"
PHONE = {"viewport": {"width": 360, "height": 780}, "is_mobile": True}


def make_people(app) -> tuple[str, str]:
    with app.app_context():
        producer = db.session.scalar(db.select(Producer).where(
            Producer.slug == "htx-nong-san-moc-huong"))
        staff = User(email="sanpham@mochuong.example", name="Lê Văn Hòa",
                     role=Role.PRODUCER_STAFF, producer=producer, locale="vi",
                     email_verified_at=utcnow())
        officer = User(email="duyet@ocop.example", name="Phòng OCOP", role=Role.ADMIN,
                       locale="vi", email_verified_at=utcnow())
        for user in (staff, officer):
            _set_password(user, PASSWORD)
            db.session.add(user)
        db.session.commit()
        return staff.email, officer.email


def sign_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/vi/account/login")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").first.click()


def photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (800, 600), (190, 60, 40)).save(out, "JPEG")
    return out.getvalue()


def test_a_new_product_goes_from_a_phone_through_the_office_to_the_catalogue(
        browser: Browser, live_site, axe_source):
    base = live_site.url
    staff_email, officer_email = make_people(live_site.app)
    found = []
    phone = browser.new_context(bypass_csp=True, **PHONE).new_page()
    sign_in(phone, base, staff_email)

    phone.goto(f"{base}/vi/producer/")
    phone.get_by_role("link", name="Thêm sản phẩm").click()
    found += axe_violations(phone, axe_source)
    phone.get_by_label("Danh mục").select_option(label="Gia vị")
    phone.get_by_label("Huyện xuất xứ").select_option(label="Bố Trạch")
    phone.get_by_label("Xã xuất xứ").fill("xã Hải Trạch")
    phone.get_by_label("Đơn vị bán").select_option("bottle")
    phone.get_by_label("Giá bán lẻ (đồng)").fill("65000")
    phone.get_by_label("Khối lượng vận chuyển (gam)").fill("450")
    phone.get_by_label("Số lượng đang có").fill("30")
    phone.get_by_label("Tên sản phẩm (tiếng Việt)").fill("Tương ớt Hải Trạch")
    phone.get_by_label("Tóm tắt: một câu cho danh sách và tìm kiếm (tiếng Việt)").fill(
        "Tương ớt xay tay, chai 300 ml.")
    phone.get_by_label("Tên sản phẩm (tiếng Anh)").fill("Hai Trach chilli sauce")
    phone.get_by_role("button", name="Lưu bản nháp").click()

    expect(phone.get_by_role("heading", name="Ảnh", exact=True)).to_be_visible()
    phone.get_by_label(re.compile("^Ảnh: JPEG")).set_input_files(
        {"name": "tuong-ot.jpg", "mimeType": "image/jpeg", "buffer": photo()})
    phone.get_by_role("button", name="Tải lên").click()
    expect(phone.get_by_text("Ảnh chính", exact=True)).to_be_visible()
    phone.get_by_label("Mô tả ảnh cho trình đọc màn hình (tiếng Việt)").fill(
        "Chai tương ớt đỏ trên bàn gỗ")
    phone.get_by_role("button", name="Lưu mô tả").click()
    found += axe_violations(phone, axe_source)
    phone.get_by_role("link", name="Quay lại sản phẩm").click()
    phone.get_by_role("button", name="Gửi Văn phòng OCOP duyệt").click()
    expect(phone.get_by_text(re.compile("Văn phòng OCOP đang xem xét"))).to_be_visible()
    found += axe_violations(phone, axe_source)

    office = browser.new_context(bypass_csp=True).new_page()
    sign_in(office, base, officer_email)
    office.goto(f"{base}/vi/admin/listings")
    office.get_by_role("link", name="Tương ớt Hải Trạch").click()
    expect(office.get_by_alt_text("Chai tương ớt đỏ trên bàn gỗ")).to_be_visible()
    found += axe_violations(office, axe_source)
    office.get_by_role("button", name="Duyệt và đăng").click()
    expect(office.get_by_text("Đã ghi nhận quyết định")).to_be_visible()

    buyer = browser.new_context(bypass_csp=True, **PHONE).new_page()
    buyer.goto(f"{base}/vi/products?q=tuong+ot+hai+trach")
    buyer.get_by_role("link", name=re.compile("Tương ớt Hải Trạch")).first.click()
    expect(buyer.get_by_role("heading", level=1)).to_have_text("Tương ớt Hải Trạch")
    expect(buyer.get_by_alt_text("Chai tương ớt đỏ trên bàn gỗ").first).to_be_visible()
    buyer.goto(f"{base}/vi/products?category=spices-condiments&sort=newest")
    expect(buyer.get_by_role("link", name=re.compile("Tương ớt Hải Trạch")).first).to_be_visible()
    assert found == []
