"""Signed, expiring, single-use links (e-mail verification, password reset, invitation,
sign-in while wrong passwords keep an address out).

A token carries the user id and a fingerprint of what the link is meant to change (the
password hash, the unverified e-mail, or the time of the last sign-in). Using the link
changes that state, so the same token no longer matches: single use without storing tokens.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from storefront.accounts.models import User


@dataclass(frozen=True)
class Purpose:
    salt: str
    max_age_seconds: int


VERIFY_EMAIL = Purpose("verify-email", 7 * 24 * 3600)
RESET_PASSWORD = Purpose("reset-password", 2 * 3600)
INVITATION = Purpose("producer-invitation", 14 * 24 * 3600)
SIGN_IN = Purpose("sign-in-link", 15 * 60)


class TokenError(ValueError):
    """The link is invalid, expired or already used (``expired`` tells which)."""

    def __init__(self, expired: bool = False):
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def _utc_wall_time(moment: dt.datetime | None) -> str:
    # SQLite hands datetimes back without their UTC offset, PostgreSQL with it, and an
    # object not yet reloaded keeps whichever it was given: compare the UTC wall time.
    if moment is None:
        return ""
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return moment.isoformat(timespec="microseconds")


def _fingerprint(user: User, purpose: Purpose) -> str:
    if purpose is VERIFY_EMAIL:
        state = f"{user.email}|{user.email_verified_at is not None}"
    elif purpose is SIGN_IN:
        # Any sign-in (this link's included) moves last_login_at; signing out everywhere
        # rotates the session token: either ends the link.
        state = f"{_utc_wall_time(user.last_login_at)}|{user.session_token}|{user.password_hash}"
    else:
        state = user.password_hash or ""
    return hashlib.sha256(f"{purpose.salt}|{state}".encode()).hexdigest()[:20]


def _serializer(purpose: Purpose) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=purpose.salt)


def make_token(user: User, purpose: Purpose) -> str:
    return _serializer(purpose).dumps({"u": user.id, "f": _fingerprint(user, purpose)})


def read_token(token: str, purpose: Purpose, load_user) -> User:
    """The user the token was made for. ``load_user(id)`` fetches a user.

    Raises TokenError if it is forged, expired, for another purpose, or already used.
    """
    try:
        data = _serializer(purpose).loads(token, max_age=purpose.max_age_seconds)
    except SignatureExpired as error:
        raise TokenError(expired=True) from error
    except BadSignature as error:
        raise TokenError() from error
    user = load_user(data.get("u")) if isinstance(data, dict) else None
    if user is None or data.get("f") != _fingerprint(user, purpose):
        raise TokenError()
    return user
