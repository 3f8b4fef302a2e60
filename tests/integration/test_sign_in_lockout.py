"""Wrong passwords keep out the address that types them, not the account's owner.

Five failures for one account from one address keep that address out for 15 minutes; the
owner, signing in from elsewhere, gets in. Past a looser ceiling per account only addresses
with no failure of their own may still try. Whoever is kept out can ask for a one-time
sign-in link by e-mail.
"""

import itsdangerous.timed
import pytest

from tests import factories
from tests.factories import PASSWORD
from tests.web import link_in, outbox, submit

ATTACKER, OWNER, ELSEWHERE = "203.0.113.7", "198.51.100.20", "192.0.2.44"


@pytest.fixture
def browsers(app, client):  # client: every browser then gets its own app context
    def browser(address: str):
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = address
        return client
    return browser


def try_password(browser, email: str, password: str, lang: str = "vi"):
    return submit(browser, f"/{lang}/account/login", {"email": email, "password": password})


def guess(browser, email: str, times: int) -> list[int]:
    return [try_password(browser, email, f"wrong guess {n}").status_code for n in range(times)]


def is_signed_in(browser) -> bool:
    return browser.get("/vi/account/").status_code == 200


def test_five_wrong_passwords_keep_that_address_out_even_with_the_right_one(browsers):
    person = factories.make_user()
    attacker = browsers(ATTACKER)
    assert guess(attacker, person.email, 5) == [401] * 5
    refused = try_password(attacker, person.email, PASSWORD)
    assert refused.status_code == 429
    page = refused.get_data(as_text=True)
    assert "Nhập sai mật khẩu quá nhiều lần" in page and "15 phút" in page
    assert 0 < int(refused.headers["Retry-After"]) <= 15 * 60
    assert not is_signed_in(attacker)


def test_the_owner_signs_in_from_another_address_meanwhile(browsers):
    person = factories.make_user()
    guess(browsers(ATTACKER), person.email, 8)
    owner = browsers(OWNER)
    answer = try_password(owner, person.email, PASSWORD)
    assert answer.status_code == 302 and answer.headers["Location"] == "/vi/account/"
    assert is_signed_in(owner)


def test_the_owners_own_typo_is_an_ordinary_wrong_password(browsers):
    person = factories.make_user()
    guess(browsers(ATTACKER), person.email, 5)
    assert guess(browsers(OWNER), person.email, 1) == [401]


def test_a_right_password_clears_the_addresses_earlier_typos(browsers):
    person = factories.make_user()
    owner = browsers(OWNER)
    guess(owner, person.email, 4)
    assert try_password(owner, person.email, PASSWORD).status_code == 302
    same_address = browsers(OWNER)  # another browser there, signed out
    assert guess(same_address, person.email, 5) == [401] * 5  # counted afresh


def test_the_count_is_per_account(browsers):
    first, second = factories.make_user(), factories.make_user()
    attacker = browsers(ATTACKER)
    guess(attacker, first.email, 5)
    assert try_password(attacker, second.email, PASSWORD).status_code == 302


def test_addresses_that_have_not_failed_pass_the_accounts_ceiling(app, browsers, monkeypatch):
    monkeypatch.setitem(app.config, "RATELIMIT_LOGIN_PER_ACCOUNT", "3 per hour")
    person = factories.make_user()
    guessers = [browsers(f"203.0.113.{n}") for n in range(10, 13)]
    for guesser in guessers:
        assert guess(guesser, person.email, 1) == [401]
    # The ceiling is reached: an address with a failure may not try again, right or wrong...
    assert try_password(guessers[0], person.email, PASSWORD).status_code == 429
    assert guess(browsers("203.0.113.99"), person.email, 2) == [401, 429]
    # ...while the owner's device, which has not failed, still gets in.
    assert try_password(browsers(OWNER), person.email, PASSWORD).status_code == 302


def test_addresses_without_an_account_are_kept_out_alike(browsers):
    # The lock tells nobody whether an account uses the address.
    attacker = browsers(ATTACKER)
    assert guess(attacker, "nobody-here@example.com", 6) == [401] * 5 + [429]


def kept_out(browsers, person, lang="vi"):
    browser = browsers(OWNER)
    guess(browser, person.email, 5)
    page = try_password(browser, person.email, PASSWORD, lang)
    assert page.status_code == 429
    return browser, page


def test_the_kept_out_page_offers_a_sign_in_link(browsers):
    person = factories.make_user(locale="en")
    browser, page = kept_out(browsers, person)
    text = page.get_data(as_text=True)
    assert 'action="/vi/account/login/link"' in text and f'value="{person.email}"' in text
    sent = submit(browser, "/vi/account/login/link", {"email": person.email})
    assert sent.headers["Location"] == "/vi/account/login/link/sent"
    [mail] = outbox("sign_in_link", person.email)
    assert mail.subject == "Your sign-in link"  # the account's language, not the page's
    assert "15 minutes" in mail.text_body and link_in(mail) in mail.html_body


def test_the_link_signs_in_after_a_confirming_click(browsers):
    person = factories.make_user()
    browser, _ = kept_out(browsers, person)
    submit(browser, "/vi/account/login/link", {"email": person.email})
    link = link_in(outbox("sign_in_link", person.email)[0])
    # Opening the link (as a mail scanner would) only asks.
    for _ in range(2):
        question = browser.get(link)
        assert question.status_code == 200 and person.email in question.get_data(as_text=True)
    assert not is_signed_in(browser)
    answer = submit(browser, link, {}, follow_redirects=True)
    assert answer.status_code == 200 and "Bạn đã đăng nhập." in answer.get_data(as_text=True)
    assert is_signed_in(browser)
    # Its earlier typos are forgotten: the password works from this address again.
    assert try_password(browsers(OWNER), person.email, PASSWORD).status_code == 302


def test_the_link_works_once(browsers):
    person = factories.make_user()
    browser = browsers(OWNER)
    submit(browser, "/vi/account/login/link", {"email": person.email})
    link = link_in(outbox("sign_in_link", person.email)[0])
    assert submit(browser, link, {}).status_code == 302
    again = browsers(ELSEWHERE)
    refused = again.get(link)
    assert refused.status_code == 400
    assert "đã được sử dụng" in refused.get_data(as_text=True)
    assert submit(again, link, {}, form_page="/vi/account/login").status_code == 400
    assert not is_signed_in(again)


def test_a_password_sign_in_ends_an_unused_link(browsers):
    person = factories.make_user()
    browser = browsers(OWNER)
    submit(browser, "/vi/account/login/link", {"email": person.email})
    link = link_in(outbox("sign_in_link", person.email)[0])
    assert try_password(browsers(ELSEWHERE), person.email, PASSWORD).status_code == 302
    assert browser.get(link).status_code == 400


def test_the_link_expires_after_15_minutes(browsers, monkeypatch):
    person = factories.make_user()
    browser = browsers(OWNER)
    submit(browser, "/vi/account/login/link", {"email": person.email})
    link = link_in(outbox("sign_in_link", person.email)[0])
    later = itsdangerous.timed.time.time() + 16 * 60
    monkeypatch.setattr(itsdangerous.timed.time, "time", lambda: later)
    expired = browser.get(link)
    assert expired.status_code == 400 and "hết hạn" in expired.get_data(as_text=True)
    assert 'href="/vi/account/login/link"' in expired.get_data(as_text=True)


def test_unknown_addresses_get_the_same_answer_and_no_mail(browsers):
    browser = browsers(OWNER)
    sent = submit(browser, "/vi/account/login/link", {"email": "nobody-here@example.com"})
    assert sent.headers["Location"] == "/vi/account/login/link/sent"
    assert outbox("sign_in_link") == []


def test_a_suspended_account_gets_no_link_and_an_old_link_stops(browsers):
    from storefront.extensions import db
    person = factories.make_user()
    browser = browsers(OWNER)
    submit(browser, "/vi/account/login/link", {"email": person.email})
    link = link_in(outbox("sign_in_link", person.email)[0])
    person.active = False
    db.session.commit()
    assert browser.get(link).status_code == 400
    submit(browser, "/vi/account/login/link", {"email": person.email})
    assert len(outbox("sign_in_link", person.email)) == 1


def test_links_to_one_address_are_limited(browsers):
    person = factories.make_user()
    answers = [submit(browsers(f"203.0.113.{n}"), "/vi/account/login/link",
                      {"email": person.email}).status_code for n in range(4)]
    assert answers == [302, 302, 302, 429]
    assert len(outbox("sign_in_link", person.email)) == 3


def test_the_request_form_explains_bad_input(browsers):
    browser = browsers(OWNER)
    page = browser.get("/en/account/login/link")
    assert page.status_code == 200 and "Sign in with a link by e-mail" in page.get_data(
        as_text=True)
    refused = submit(browser, "/en/account/login/link", {"email": "not an address"})
    assert refused.status_code == 400
    assert outbox("sign_in_link") == []
