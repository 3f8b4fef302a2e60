"""Accounts end to end through the test client: pages, database rows, mail in the outbox."""

import statistics
import time

import itsdangerous.timed
import pytest
import sqlalchemy as sa

from storefront.accounts.models import DistributorStatus, Role, User
from storefront.extensions import db
from tests import factories
from tests.factories import PASSWORD
from tests.web import link_in, outbox, sign_in, submit


def user(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == email))


def register(client, email="lan@example.com", password=PASSWORD, lang="vi"):
    return submit(client, f"/{lang}/account/register",
                  {"name": "Nguyễn Thị Lan", "email": email, "password": password})


# -- registration and e-mail verification ------------------------------------------------

def test_registration_creates_a_customer_and_mails_a_verification_link(client):
    response = register(client, email="Lan@Example.com")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/vi/account/register/check-your-mail")
    created = user("lan@example.com")
    assert created.role == Role.CUSTOMER and created.email_verified_at is None
    assert created.password_hash.startswith("scrypt:")
    [mail] = outbox("verify_email", "lan@example.com")
    assert mail.locale == "vi" and "Xác minh" in mail.subject
    assert "<a href=" in mail.html_body and "/vi/account/verify-email/" in mail.text_body

    page = client.get(link_in(mail))
    assert page.status_code == 302
    assert user("lan@example.com").email_verified_at is not None
    assert client.get(link_in(mail)).status_code == 400  # single use


def test_english_registration_mails_in_english(client):
    register(client, email="tom@example.com", lang="en")
    [mail] = outbox("verify_email", "tom@example.com")
    assert mail.locale == "en" and mail.subject == "Verify your e-mail address"


def test_registering_a_known_address_reveals_nothing_and_warns_its_owner(client):
    existing = factories.make_user(email="known@example.com")
    response = register(client, email="known@example.com")
    assert response.status_code == 302  # the same "check your mailbox" as a new address
    assert db.session.scalar(sa.select(sa.func.count(User.id))
                             .where(User.email == "known@example.com")) == 1
    assert outbox("already_registered", existing.email)
    assert not outbox("verify_email", existing.email)


def test_registering_a_known_or_a_new_address_takes_the_same_time(app, client):
    """Both paths hash the password: the answer's time must not tell which addresses
    have an account (it was ~17 ms against ~256 ms). Interleaved, medians within 20 %."""
    factories.make_user(email="known-timing@example.com")
    timings = {"known": [], "new": []}
    for attempt in range(9):
        for kind in ("known", "new"):
            email = ("known-timing@example.com" if kind == "known"
                     else f"new-timing-{attempt}@example.com")
            browser = app.test_client()  # its own address: the registration limit is per IP
            browser.environ_base["REMOTE_ADDR"] = f"10.0.{attempt}.{len(kind)}"
            started = time.perf_counter()
            response = register(browser, email=email)
            timings[kind].append(time.perf_counter() - started)
            assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
    known, new = statistics.median(timings["known"]), statistics.median(timings["new"])
    assert abs(known - new) / max(known, new) < 0.20, (known, new)


@pytest.mark.parametrize(("email", "password", "message"), [
    ("lan@example.com", "short", "Dùng ít nhất 10 ký tự"),
    ("lan@example.com", "password123", "quá dễ đoán"),
    ("lan2024@example.com", "lan2024lan2024", "quá dễ đoán"),  # the address in the password
])
def test_weak_passwords_are_refused_and_nothing_is_created(client, email, password, message):
    response = register(client, email=email, password=password)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert user(email) is None


def test_resend_verification(client):
    person = factories.make_user()
    person.email_verified_at = None
    db.session.flush()
    sign_in(client, person)
    response = submit(client, "/vi/account/verify-email/resend", {}, form_page="/vi/account/")
    assert response.status_code == 302
    assert outbox("verify_email", person.email)


# -- signing in and out -----------------------------------------------------------------

def test_sign_in_and_out(client):
    person = factories.make_user()
    response = submit(client, "/vi/account/login", {"email": person.email.upper(),
                                                    "password": PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == "/vi/account/"
    assert person.email in client.get("/vi/account/").get_data(as_text=True)
    assert person.last_login_at is not None
    profile = client.get("/vi/account/").get_data(as_text=True)
    assert "Đăng xuất khỏi mọi thiết bị" in profile  # the button says what it does
    submit(client, "/vi/account/logout", {}, form_page="/vi/account/")
    assert client.get("/vi/account/").status_code == 302


def test_wrong_password_and_unknown_address_get_the_same_answer(client):
    factories.make_user(email="real@example.com")
    wrong = submit(client, "/en/account/login", {"email": "real@example.com",
                                                 "password": "not the password"})
    unknown = submit(client, "/en/account/login", {"email": "nobody@example.com",
                                                   "password": "not the password"})
    assert wrong.status_code == unknown.status_code == 401
    for response in (wrong, unknown):
        assert "The e-mail or the password is not right." in response.get_data(as_text=True)


def test_remember_me_sets_a_lasting_cookie(client):
    person = factories.make_user()
    response = submit(client, "/vi/account/login", {"email": person.email,
                                                    "password": PASSWORD, "remember": "y"})
    cookie = next(v for v in response.headers.getlist("Set-Cookie")
                  if v.startswith("remember_token="))
    assert "HttpOnly" in cookie and "Expires=" in cookie


def test_cookies_copied_before_sign_out_no_longer_open_the_account(app, client):
    person = factories.make_user()
    submit(client, "/vi/account/login", {"email": person.email, "password": PASSWORD,
                                         "remember": "y"})
    assert client.get("/vi/account/").status_code == 200
    copied = {name: client.get_cookie(name).value for name in ("session", "remember_token")}

    profile = client.get("/vi/account/").get_data(as_text=True)
    assert "Đăng xuất khỏi mọi thiết bị" in profile  # the button says what it does
    submit(client, "/vi/account/logout", {}, form_page="/vi/account/")
    assert client.get("/vi/account/").status_code == 302

    for names in (("session",), ("remember_token",), ("session", "remember_token")):
        thief = app.test_client()
        for name in names:
            thief.set_cookie(name, copied[name])
        assert thief.get("/vi/account/").status_code == 302, names  # to the sign-in page


@pytest.mark.parametrize(("next_url", "expected"), [
    ("/vi/products?q=mat+ong", "/vi/products?q=mat%20ong"),
    ("https://evil.example/steal", "/vi/account/"),
    ("//evil.example", "/vi/account/"),
    ("/\\evil.example", "/vi/account/"),
])
def test_next_only_leads_to_this_site(client, next_url, expected):
    person = factories.make_user()
    response = submit(client, f"/vi/account/login?next={next_url}",
                      {"email": person.email, "password": PASSWORD})
    assert response.headers["Location"] == expected


def test_protected_pages_send_visitors_to_sign_in_and_back(client):
    response = client.get("/en/account/addresses")
    assert response.status_code == 302
    assert response.headers["Location"] == "/en/account/login?next=/en/account/addresses"


def test_repeated_failed_sign_ins_for_one_account_are_slowed_down(client):
    factories.make_user(email="target@example.com")
    statuses = [submit(client, "/vi/account/login", {"email": "target@example.com",
                                                     "password": f"guess number {n}"}).status_code
                for n in range(6)]
    assert statuses[:5] == [401] * 5 and statuses[5] == 429
    response = submit(client, "/vi/account/login", {"email": "target@example.com",
                                                    "password": PASSWORD})
    assert response.status_code == 429
    assert "Nhập sai mật khẩu quá nhiều lần" in response.get_data(as_text=True)
    assert "Retry-After" in response.headers  # more in test_sign_in_lockout.py


def test_sign_ins_from_one_address_are_limited(app, client):
    app.config["RATELIMIT_LOGIN_PER_IP"] = "3 per minute"
    try:
        statuses = [submit(client, "/en/account/login", {"email": f"x{n}@example.com",
                                                         "password": "whatever it is"}).status_code
                    for n in range(4)]
    finally:
        app.config["RATELIMIT_LOGIN_PER_IP"] = "20 per minute"
    assert statuses == [401, 401, 401, 429]


# -- passwords ---------------------------------------------------------------------------

def test_password_reset_by_mail(client):
    person = factories.make_user(locale="en")
    other_browser = client.application.test_client()
    sign_in(other_browser, person)
    response = submit(client, "/vi/account/password/forgot", {"email": person.email})
    assert response.headers["Location"].endswith("/vi/account/password/forgot/sent")
    [mail] = outbox("reset_password", person.email)
    assert mail.locale == "en"  # the account's language, not the page's
    link = link_in(mail)
    response = submit(client, link, {"password": "mot mat khau moi hoan toan"})
    assert response.status_code == 302
    assert client.get(link).status_code == 400  # single use
    assert other_browser.get("/vi/account/").status_code == 302  # signed out everywhere
    assert submit(client, "/vi/account/login", {"email": person.email,
                                                "password": "mot mat khau moi hoan toan"}
                  ).status_code == 302


def test_reset_for_an_unknown_address_looks_the_same(client):
    response = submit(client, "/vi/account/password/forgot", {"email": "ghost@example.com"})
    assert response.headers["Location"].endswith("/vi/account/password/forgot/sent")
    assert outbox("reset_password") == []


def test_reset_links_expire(client, monkeypatch):
    person = factories.make_user()
    submit(client, "/vi/account/password/forgot", {"email": person.email})
    link = link_in(outbox("reset_password", person.email)[0])
    later = itsdangerous.timed.time.time() + 3 * 3600
    monkeypatch.setattr(itsdangerous.timed.time, "time", lambda: later)
    response = client.get(link)
    assert response.status_code == 400 and "hết hạn" in response.get_data(as_text=True)


def test_forged_links_are_refused(client):
    assert client.get("/vi/account/password/reset/not-a-token").status_code == 400
    assert client.get("/vi/account/verify-email/forged.token.here").status_code == 400


def test_change_password(client):
    person = factories.make_user()
    sign_in(client, person)
    wrong = submit(client, "/en/account/password/change",
                   {"current_password": "not it at all", "password": "a brand new sentence"})
    assert wrong.status_code == 400 and "current password is not right" in wrong.get_data(
        as_text=True)
    right = submit(client, "/en/account/password/change",
                   {"current_password": PASSWORD, "password": "a brand new sentence"})
    assert right.status_code == 302
    assert client.get("/en/account/").status_code == 200  # this browser stays signed in


# -- profile and addresses ---------------------------------------------------------------

def test_profile_changes_and_phone_validation(client):
    person = factories.make_user()
    sign_in(client, person)
    bad = submit(client, "/vi/account/", {"name": "Trần Văn Hải", "phone": "12345",
                                          "locale": "en"})
    assert bad.status_code == 400 and person.locale == "vi"
    good = submit(client, "/vi/account/", {"name": "Trần Văn Hải", "phone": "+84 912 345 678",
                                           "locale": "en"})
    assert good.status_code == 302
    assert (person.name, person.phone, person.locale) == ("Trần Văn Hải", "0912345678", "en")


def test_addresses(client):
    person = factories.make_user()
    sign_in(client, person)
    fields = {"recipient_name": "Hải", "phone": "0912345678", "street": "5 Quách Xuân Kỳ",
              "commune": "Phường Đồng Hới", "province_code": "quang-tri"}
    assert submit(client, "/vi/account/addresses/new", fields).status_code == 302
    assert submit(client, "/vi/account/addresses/new",
                  {**fields, "street": "8 Lê Lợi", "province_code": "hue"}).status_code == 302
    first, second = person.addresses
    assert first.is_default and not second.is_default
    page = client.get("/vi/account/addresses").get_data(as_text=True)
    assert "Quảng Trị" in page and "Huế" in page

    submit(client, f"/vi/account/addresses/{second.id}/default", {},
           form_page="/vi/account/addresses")
    assert second.is_default and not first.is_default
    bad = submit(client, "/vi/account/addresses/new", {**fields, "province_code": "atlantis"})
    assert bad.status_code == 400 and len(person.addresses) == 2
    submit(client, f"/vi/account/addresses/{second.id}/delete", {},
           form_page="/vi/account/addresses")
    assert person.addresses == [first] and first.is_default


def test_other_peoples_addresses_are_not_found(client):
    owner, stranger = factories.make_user(), factories.make_user()
    sign_in(client, owner)
    submit(client, "/vi/account/addresses/new", {
        "recipient_name": "Hải", "phone": "0912345678", "street": "5 Quách Xuân Kỳ",
        "commune": "Phường Đồng Hới", "province_code": "quang-tri"})
    address = owner.addresses[0]
    sign_in(client, stranger)
    assert client.get(f"/vi/account/addresses/{address.id}").status_code == 404


# -- distributors ------------------------------------------------------------------------

DISTRIBUTOR = {"company_name": "Công ty TNHH Đặc sản Miền Trung", "tax_code": "3100123456",
               "business_address": "25 Trần Hưng Đạo, Đồng Hới", "phone": "0232 3822 555",
               "name": "Lê Minh", "email": "minh@dacsan.example", "password": PASSWORD}


def test_distributor_registration_validates_the_tax_code(client):
    response = submit(client, "/vi/account/register/distributor",
                      {**DISTRIBUTOR, "tax_code": "31-00-12"})
    assert response.status_code == 400
    assert "mã số thuế" in response.get_data(as_text=True)
    assert user("minh@dacsan.example") is None


def test_branch_tax_codes_are_accepted(client):
    submit(client, "/vi/account/register/distributor",
           {**DISTRIBUTOR, "tax_code": "3100123456001"})
    assert user("minh@dacsan.example").distributor.tax_code == "3100123456-001"


def test_distributor_waits_for_verification_then_sees_wholesale_prices(client):
    admin = factories.make_user("admin")
    submit(client, "/vi/account/register/distributor", DISTRIBUTOR)
    distributor = user("minh@dacsan.example")
    assert distributor.role == Role.DISTRIBUTOR
    assert distributor.distributor.status == DistributorStatus.PENDING
    assert outbox("distributor_waiting", admin.email)

    product_url = "/vi/products/nuoc-mam-chay-moc-huong-500ml"
    sign_in(client, distributor)
    page = client.get(product_url).get_data(as_text=True)
    assert "Giá sỉ" not in page and "sau khi Văn phòng OCOP xác minh" in page

    sign_in(client, admin)
    profile_id = distributor.distributor.id
    response = submit(client, f"/vi/admin/distributors/{profile_id}/verify", {"note": ""},
                      form_page="/vi/admin/distributors")
    assert response.status_code == 302
    assert distributor.distributor.status == DistributorStatus.VERIFIED
    assert distributor.distributor.decided_by == admin
    assert outbox("distributor_verified", distributor.email)

    sign_in(client, distributor)
    page = client.get(product_url).get_data(as_text=True)
    assert "Giá sỉ" in page and "83.000" in page and "76.000" in page


def test_rejection_needs_a_reason(client):
    admin = factories.make_user("admin")
    pending = factories.make_user("distributor")
    sign_in(client, admin)
    url = f"/vi/admin/distributors/{pending.distributor.id}/reject"
    submit(client, url, {"note": ""}, form_page="/vi/admin/distributors")
    assert pending.distributor.status == DistributorStatus.PENDING
    submit(client, url, {"note": "Mã số thuế không khớp tên công ty"},
           form_page="/vi/admin/distributors")
    assert pending.distributor.status == DistributorStatus.REJECTED
    [mail] = outbox("distributor_rejected", pending.email)
    assert "Mã số thuế không khớp" in mail.text_body


def test_wholesale_prices_are_hidden_from_everyone_else(client):
    url = "/en/products/nuoc-mam-chay-moc-huong-500ml"
    assert "Wholesale prices" not in client.get(url).get_data(as_text=True)
    sign_in(client, factories.make_user())
    assert "Wholesale prices" not in client.get(url).get_data(as_text=True)


# -- producer staff -----------------------------------------------------------------------

def test_invited_staff_set_a_password_and_see_only_their_producer(client):
    admin = factories.make_user("admin")
    producer_a = factories.producer_by_slug("htx-nong-san-moc-huong")
    sign_in(client, admin)
    response = submit(client, f"/vi/admin/producers/{producer_a.id}/staff",
                      {"name": "Trần Thị Diệu", "email": "dieu@mochuong.example",
                       "locale": "vi"})
    assert response.status_code == 302
    staff = user("dieu@mochuong.example")
    assert staff.role == Role.PRODUCER_STAFF and staff.producer == producer_a
    assert not staff.has_password
    [mail] = outbox("producer_invitation", staff.email)
    assert "Mộc Hương" in mail.subject

    client.get("/vi/")  # a fresh visitor
    sign_in(client, factories.make_user())  # someone else signed in: the link still works
    link = link_in(mail)
    response = submit(client, link, {"password": "nuoc mam chay ngon nhat"})
    assert response.status_code == 302 and response.headers["Location"] == "/vi/producer/"
    assert staff.has_password and staff.email_verified_at
    assert client.get(link).status_code == 400  # single use

    portal = client.get("/vi/producer/").get_data(as_text=True)
    assert "Nước mắm chay Mộc Hương" in portal
    own = producer_a.products[0]
    others = factories.producer_by_slug("htx-dua-go-thuy-moc").products[0]
    assert client.get(f"/vi/producer/products/{own.id}").status_code == 200
    assert client.get(f"/vi/producer/products/{others.id}").status_code == 404


def test_inviting_an_existing_address_is_refused(client):
    admin = factories.make_user("admin")
    taken = factories.make_user()
    producer = factories.producer_by_slug("htx-nong-san-moc-huong")
    sign_in(client, admin)
    response = submit(client, f"/en/admin/producers/{producer.id}/staff",
                      {"name": "X", "email": taken.email, "locale": "en"})
    assert response.status_code == 400
    assert "already has an account" in response.get_data(as_text=True)


# -- the office's outbox and the command line ------------------------------------------------

def test_admin_reads_the_outbox(client):
    admin = factories.make_user("admin")
    register(client, email="reader@example.com")
    [mail] = outbox("verify_email", "reader@example.com")
    sign_in(client, admin)
    listing = client.get("/vi/admin/outbox").get_data(as_text=True)
    assert mail.subject in listing
    detail = client.get(f"/vi/admin/outbox/{mail.id}").get_data(as_text=True)
    assert "/vi/account/verify-email/" in detail
    html = client.get(f"/vi/admin/outbox/{mail.id}/html")
    assert "sandbox" in html.headers["Content-Security-Policy"]
    assert "script-src" not in html.headers["Content-Security-Policy"]


def test_create_admin_command(runner):
    result = runner.invoke(args=["users", "create-admin", "--email", "Office@OCOP.example",
                                 "--name", "Văn phòng OCOP", "--password", PASSWORD])
    assert result.exit_code == 0, result.output
    assert user("office@ocop.example").role == Role.ADMIN
    again = runner.invoke(args=["users", "create-admin", "--email", "office@ocop.example",
                                "--name", "X", "--password", PASSWORD])
    assert again.exit_code != 0 and "đã có tài khoản" in again.output  # CLI speaks vi


def test_create_admin_command_prompts(runner):
    result = runner.invoke(args=["users", "create-admin"],
                           input=f"boss@ocop.example\nBà Hoa\n{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert user("boss@ocop.example").name == "Bà Hoa"


def test_forms_need_a_csrf_token(client):
    person = factories.make_user()
    response = client.post("/vi/account/login", data={"email": person.email,
                                                      "password": PASSWORD})
    assert response.status_code == 400
    assert "Biểu mẫu đã hết hạn" in response.get_data(as_text=True)
