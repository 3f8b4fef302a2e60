"""Language from the URL prefix (/vi/…, /en/…), Babel wiring and formatting filters.

Every public page lives under ``/<lang:lang>/``. The prefix is the single source of the
page's language: links generated with ``url_for`` inherit it, the language switcher swaps
it, and a ``lang`` cookie remembers it for the bare ``/`` redirect (set by the server on
private pages, by site.js from the switcher on shared ones).
"""

from __future__ import annotations

import datetime as dt

from flask import Flask, current_app, g, has_request_context, request, url_for
from flask_babel import format_date, format_datetime, get_locale
from werkzeug.routing import BaseConverter

from storefront.extensions import babel
from storefront.money import format_vnd

LANGUAGE_COOKIE = "lang"
LANGUAGE_COOKIE_MAX_AGE = 60 * 60 * 24 * 365
LANGUAGE_NAMES = {"vi": "Tiếng Việt", "en": "English"}
DATE_FORMATS = {"vi": "dd/MM/yyyy", "en": "d MMM yyyy"}
DATETIME_FORMATS = {"vi": "HH:mm dd/MM/yyyy", "en": "d MMM yyyy, HH:mm"}


class LanguageConverter(BaseConverter):
    """Matches only the configured languages, so /fr/… is a plain 404."""

    def __init__(self, url_map, *languages: str):
        super().__init__(url_map)
        self.regex = "|".join(languages or ("vi", "en"))


def languages() -> tuple[str, ...]:
    return tuple(current_app.config["LANGUAGES"])


def preferred_language() -> str:
    """For pages without a prefix (``/``, errors): cookie, then Accept-Language, then vi."""
    cookie = request.cookies.get(LANGUAGE_COOKIE)
    if cookie in languages():
        return cookie
    return request.accept_languages.best_match(languages()) or current_app.config[
        "BABEL_DEFAULT_LOCALE"
    ]


def _language_in_path() -> str | None:
    """/vi/anything-unknown has no route (so no ``lang`` value), yet its 404 is Vietnamese."""
    first = request.path.strip("/").split("/", 1)[0]
    return first if first in languages() else None


def current_language() -> str:
    """The page's language; outside a request (CLI, jobs) the default language."""
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    return g.get("lang") or _language_in_path() or preferred_language()


def _select_locale() -> str:
    return current_language()


def _pull_language(endpoint: str | None, values: dict | None) -> None:
    if values and "lang" in values:
        g.lang = values.pop("lang")


def _add_language(endpoint: str, values: dict) -> None:
    if "lang" in values or not current_app.url_map.is_endpoint_expecting(endpoint, "lang"):
        return
    values["lang"] = current_language()


def _remember_language(response):
    """Shared pages (storefront.page_cache) set no cookie at all; there site.js remembers
    the language when the visitor uses the switcher, hence a cookie scripts may write."""
    lang = g.get("lang")
    if lang and not g.get("shared_page") and request.cookies.get(LANGUAGE_COOKIE) != lang:
        response.set_cookie(
            LANGUAGE_COOKIE, lang, max_age=LANGUAGE_COOKIE_MAX_AGE, samesite="Lax",
            secure=current_app.config["SESSION_COOKIE_SECURE"], httponly=False,
        )
    return response


def url_for_language(lang: str, external: bool = False) -> str | None:
    """The current page in another language, keeping its path parameters and query."""
    if not request.endpoint or not current_app.url_map.is_endpoint_expecting(
        request.endpoint, "lang"
    ):
        return url_for("site.root", _external=external)
    args = request.args.to_dict(flat=False)
    return url_for(
        request.endpoint, **(request.view_args or {}), **args, lang=lang, _external=external
    )


def vnd(amount_vnd: int | None) -> str:
    return "" if amount_vnd is None else format_vnd(amount_vnd, str(get_locale()))


def local_date(value: dt.date | None) -> str:
    if value is None:
        return ""
    return format_date(value, DATE_FORMATS.get(str(get_locale()), "medium"))


def local_datetime(value: dt.datetime | None) -> str:
    """Shown in Asia/Ho_Chi_Minh (Flask-Babel converts from UTC to the configured zone)."""
    if value is None:
        return ""
    return format_datetime(value, DATETIME_FORMATS.get(str(get_locale()), "medium"))


def _template_globals() -> dict:
    lang = current_language()
    return {
        "lang": lang,
        "languages": languages(),
        "language_names": LANGUAGE_NAMES,
        "url_for_language": url_for_language,
    }


def init_app(app: Flask) -> None:
    app.url_map.converters["lang"] = LanguageConverter
    app.url_value_preprocessor(_pull_language)
    app.url_defaults(_add_language)
    app.after_request(_remember_language)
    babel.init_app(app, locale_selector=_select_locale)
    app.context_processor(_template_globals)
    app.add_template_filter(vnd, "vnd")
    app.add_template_filter(local_date, "date")
    app.add_template_filter(local_datetime, "datetime")
