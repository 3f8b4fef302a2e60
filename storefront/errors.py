"""Domain errors and the error pages: localized HTML for people, problem+json for the API."""

from __future__ import annotations

from flask import Flask, current_app, jsonify, make_response, render_template, request
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_limiter import RateLimitExceeded
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from storefront.extensions import db


class DomainError(Exception):
    """A rule of the business was broken; ``message`` is shown to the user as is."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


RETRY_AFTER_SECONDS = 60

ERROR_TITLES = {
    400: _l("The request could not be understood"),
    403: _l("You do not have access to this page"),
    404: _l("Page not found"),
    405: _l("This action is not allowed here"),
    413: _l("The upload is too large"),
    429: _l("Too many requests"),
    500: _l("Something went wrong on our side"),
}


def _wants_json() -> bool:
    return request.path.startswith(("/api/", "/webhooks/"))


def _problem(status: int, title: str, detail: str = ""):
    body = {"type": "about:blank", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    response = jsonify(body)
    response.status_code = status
    response.mimetype = "application/problem+json"
    return response


def _render(status: int, detail: str = ""):
    title = str(ERROR_TITLES.get(status, ERROR_TITLES[500]))
    if _wants_json():
        return _problem(status, title, detail)
    return render_template("errors/error.html", status=status, title=title, detail=detail), status


def _handle_http_error(error: HTTPException):
    # A description given at abort() is ours (already localized); Werkzeug's defaults are not.
    custom = error.description if error.description != type(error).description else ""
    return _render(error.code or 500, custom)


def _handle_rate_limit(error: RateLimitExceeded):
    response = _render(429, gettext(
        "Too many attempts from here. Please wait a few minutes and try again."))
    response = make_response(response)
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _handle_csrf_error(error: CSRFError):
    return _render(400, gettext("The form expired or was sent from elsewhere. Please try again."))


def _handle_unexpected(error: Exception):
    # Logged with its traceback; the visitor gets a calm, localized page.
    if isinstance(error, HTTPException):
        return _handle_http_error(error)
    current_app.logger.exception("Unhandled error on %s", request.path)
    # The page reads the database (the cart in the header): a session left broken by the
    # failure would make the error page fail too, and the visitor get a bare 500.
    db.session.rollback()
    return _render(InternalServerError.code)


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, _handle_csrf_error)
    app.register_error_handler(RateLimitExceeded, _handle_rate_limit)
    app.register_error_handler(HTTPException, _handle_http_error)
    app.register_error_handler(Exception, _handle_unexpected)
