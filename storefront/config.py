"""Configuration: defaults < ``instance/config.py`` < ``STOREFRONT_*`` env < explicit overrides.

Nothing here is evaluated at import time beyond constants: paths, the database URL and the
secret key are resolved in ``load_config`` once the instance folder is known.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from flask import Flask


class DefaultConfig:
    # Flask / security
    SECRET_KEY: str | None = None
    SESSION_COOKIE_SECURE = True
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    PERMANENT_SESSION_LIFETIME = 60 * 60 * 24 * 14
    WTF_CSRF_TIME_LIMIT = 60 * 60 * 8
    PREFERRED_URL_SCHEME = "https"
    MAX_CONTENT_LENGTH = 16 * 1024 * 1024

    # Database: SQLite under instance/ unless DATABASE_URL or STOREFRONT_DATABASE_URL says so
    SQLALCHEMY_DATABASE_URI: str | None = None
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    SQLALCHEMY_RECORD_QUERIES = False

    # i18n: the URL prefix picks the language; these are the fallbacks
    LANGUAGES = ("vi", "en")
    BABEL_DEFAULT_LOCALE = "vi"
    BABEL_DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"

    # Files under instance/ unless configured
    MEDIA_ROOT: str | None = None
    SEARCH_INDEX_DIR: str | None = None

    # Sign-in: "remember me" lasts 30 days, in a cookie as careful as the session's
    REMEMBER_COOKIE_DURATION = 60 * 60 * 24 * 30
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"

    # Rate limits (Flask-Limiter): in memory, or in Redis when REDIS_URL is set
    # (STOREFRONT_REDIS_URL; several workers or hosts must share one Redis)
    REDIS_URL: str | None = None
    # Behind a reverse proxy: how many proxies set X-Forwarded-For/-Proto/-Host (0: none,
    # the headers are ignored, as anyone could send them)
    PROXY_HOPS = 0
    # Cyclic garbage collection after responses instead of inside requests
    # (storefront.collector): None means on where the interpreter needs it (CPython < 3.12,
    # whose collector can corrupt memory mid-request in threaded servers)
    GC_BETWEEN_REQUESTS: bool | None = None
    # "text" for a terminal, "json" for log collectors: one object per line, request id in
    LOG_FORMAT = "text"
    RATELIMIT_STORAGE_URI: str | None = None
    # Anonymous pages kept on the server (storefront.page_cache): seconds an entry lives
    # (0: off), and the byte budget of the in-process store used when REDIS_URL is unset
    PAGE_CACHE_SECONDS = 300
    PAGE_CACHE_MAX_BYTES = 32 * 1024 * 1024
    # How long a process reuses the outbox mark for kept pages: a kept page may outlive a
    # change by this long, and hits need no database read meanwhile
    PAGE_CACHE_GENERATION_SECONDS = 1.0
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_LOGIN_PER_IP = "20 per minute"
    # Wrong passwords (accounts/lockout.py): per account from one address, and a looser
    # ceiling per account past which only addresses with no failure of their own may try
    RATELIMIT_LOGIN_PER_ACCOUNT_ADDRESS = "5 per 15 minutes"
    RATELIMIT_LOGIN_PER_ACCOUNT = "50 per hour"
    RATELIMIT_SIGN_IN_LINK = "3 per hour"  # sign-in links e-mailed to one address
    RATELIMIT_REGISTER_PER_IP = "10 per hour"
    RATELIMIT_API = "120 per minute"

    # Mail: queued in the outbox, sent by `flask mail send` when SMTP_HOST is set
    SITE_URL = "http://127.0.0.1:5000"  # links in e-mails start with this
    SMTP_HOST: str | None = None
    SMTP_PORT = 587
    SMTP_USERNAME = ""
    SMTP_PASSWORD = ""
    SMTP_SECURITY = "starttls"  # starttls, ssl or none
    MAIL_SENDER = "OCOP Quảng Bình <no-reply@ocop-quangbinh.example>"

    # Orders and payments
    ORDER_TRANSFER_WINDOW_HOURS = 48  # unpaid bank transfers expire and release stock
    ORDER_CARD_WINDOW_HOURS = 1
    # Where VietQR transfers go (demo values: a fictional account; set the real one).
    BANK_TRANSFER = {
        "bin": "970436",
        "bank_name": "Vietcombank",
        "account": "0011001234567",
        "account_name": "VAN PHONG OCOP QUANG BINH (DEMO)",
    }
    SHIPPING_RATES: dict | None = None  # None: storefront.shipping.DEFAULT_RATES
    # Card payments (Stripe): without the secret key the card option is hidden. With it,
    # the publishable key and the webhook secret are required (the app refuses to start).
    STRIPE_SECRET_KEY: str | None = None
    STRIPE_PUBLISHABLE_KEY: str | None = None
    STRIPE_WEBHOOK_SECRET: str | None = None
    STRIPE_API_BASE: str | None = None  # a Stripe-compatible server (localstripe in tests)
    STRIPE_JS_URL = "https://js.stripe.com/v3/"
    RATELIMIT_WEBHOOK = "600 per minute"
    # Bank notifications (storefront/finance): each receiver is off until its key is set.
    SEPAY_API_KEY: str | None = None  # SePay's "Apikey" authentication
    SEPAY_SIGNING_SECRET: str | None = None  # and its HMAC-SHA256 signature, if enabled
    CASSO_CHECKSUM_KEY: str | None = None  # Casso webhook v2's checksum key

    # Catalogue
    CATALOGUE_PAGE_SIZE = 24
    PRODUCERS_PAGE_SIZE = 24
    HOME_FEATURED_COUNT = 8
    SEED_PATH: str | None = None
    # Shown in the footer while the sample catalogue is loaded (see catalog_seed/README.md)
    DEMO_NOTICE = True


def _database_url_from_environment() -> str | None:
    url = os.environ.get("STOREFRONT_DATABASE_URL") or os.environ.get("DATABASE_URL")
    if not url:
        return None
    # Heroku-style URLs name the driver "postgres"; SQLAlchemy wants psycopg 3 spelled out.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _secret_key(instance_path: Path) -> str:
    """Read the key from instance/secret_key, creating it (mode 600) on first run."""
    key_file = instance_path / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    key = secrets.token_urlsafe(48)
    key_file.touch(mode=0o600)
    key_file.write_text(key)
    return key


def load_config(app: Flask, overrides: dict | None = None) -> None:
    instance_path = Path(app.instance_path)
    instance_path.mkdir(parents=True, exist_ok=True)

    app.config.from_object(DefaultConfig)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("STOREFRONT")
    database_url = _database_url_from_environment()
    if database_url:
        app.config["SQLALCHEMY_DATABASE_URI"] = database_url
    app.config.update(overrides or {})

    app.config["SQLALCHEMY_DATABASE_URI"] = app.config["SQLALCHEMY_DATABASE_URI"] or (
        f"sqlite:///{instance_path / 'storefront.sqlite3'}"
    )
    app.config["MEDIA_ROOT"] = app.config["MEDIA_ROOT"] or str(instance_path / "media")
    app.config["SEARCH_INDEX_DIR"] = app.config["SEARCH_INDEX_DIR"] or str(
        instance_path / "search-index"
    )
    project_root = Path(app.root_path).parent
    app.config["SEED_PATH"] = app.config["SEED_PATH"] or str(project_root / "catalog_seed")
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(project_root / "translations")
    app.config["RATELIMIT_STORAGE_URI"] = app.config["RATELIMIT_STORAGE_URI"] or (
        app.config["REDIS_URL"] or "memory://"
    )
    # One switch for plain-http development: the remember-me cookie follows the session's.
    app.config["REMEMBER_COOKIE_SECURE"] = app.config["SESSION_COOKIE_SECURE"]
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = _secret_key(instance_path)
