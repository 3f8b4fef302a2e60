"""Security baseline: headers, strict CSP, no inline scripts, CSRF on, safe cookies."""

import re

import pytest

PAGES = ["/vi/", "/en/products", "/en/products/nuoc-mam-chay-moc-huong-500ml",
         "/vi/producers", "/vi/producers/htx-nong-san-moc-huong", "/en/no-such-page"]


@pytest.mark.parametrize("url", PAGES)
def test_strict_security_headers(client, url):
    headers = client.get(url).headers
    csp = headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert "unsafe-inline" not in csp and "object-src 'none'" in csp
    assert "frame-ancestors 'none'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


@pytest.mark.parametrize("url", PAGES)
def test_no_inline_scripts_styles_or_outside_resources(client, url):
    html = client.get(url).get_data(as_text=True)
    for tag in re.findall(r"<script\b[^>]*>", html):
        # Our own files, or JSON-LD: data for search engines that no browser executes.
        assert re.search(r'src="/static/|type="application/ld\+json"', tag), tag
    assert "<style" not in html and " style=" not in html
    loaded = re.findall(r'<(?:img|script|iframe|source|video|audio)\b[^>]*\bsrc="([^"]+)"', html)
    loaded += [re.search(r'href="([^"]+)"', tag).group(1) for tag in re.findall(
        r'<link\b[^>]*\brel="(?:stylesheet|icon|preload|modulepreload)"[^>]*>', html)]
    assert loaded and all(address.startswith("/") and not address.startswith("//")
                          for address in loaded), loaded


def test_csrf_protection_is_on(app):
    assert app.config.get("WTF_CSRF_ENABLED", True)
    assert "csrf" in app.extensions


def test_session_and_language_cookies_are_safe_by_default():
    from storefront.config import DefaultConfig

    assert DefaultConfig.SESSION_COOKIE_SECURE and DefaultConfig.SESSION_COOKIE_HTTPONLY
    assert DefaultConfig.SESSION_COOKIE_SAMESITE == "Lax"


def test_language_cookie_is_same_site_and_never_on_shared_pages(client):
    assert client.get("/en/").headers.getlist("Set-Cookie") == []
    cookies = client.get("/en/cart").headers.getlist("Set-Cookie")
    language = next(cookie for cookie in cookies if cookie.startswith("lang=en;"))
    # site.js writes it from the language switcher on shared pages, so it is not HttpOnly;
    # it holds nothing but "vi" or "en"
    assert "SameSite=Lax" in language and "HttpOnly" not in language


def test_templates_escape_content(app, client):
    from tests import factories

    product = factories.make_product('<script>alert("x")</script>', "<b>bold</b>")
    html = client.get(f"/en/products/{product.slug}").get_data(as_text=True)
    assert "<b>bold</b>" not in html and "&lt;b&gt;bold&lt;/b&gt;" in html
