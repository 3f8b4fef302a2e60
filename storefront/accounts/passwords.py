"""Password hashing (scrypt, through Werkzeug) and the password policy."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from flask_babel import lazy_gettext as _l
from werkzeug.security import check_password_hash, generate_password_hash

MIN_LENGTH = 10
MAX_LENGTH = 128  # scrypt is fine with long input; this only bounds the work per request
COMMON_PASSWORDS = Path(__file__).with_name("common_passwords.txt")
# Checked when an e-mail has no account, so that a wrong address takes as long as a
# wrong password (no user enumeration by timing).
_DUMMY_HASH = generate_password_hash("a password nobody has", method="scrypt")


@cache
def _common() -> frozenset[str]:
    return frozenset(line.strip().lower() for line in COMMON_PASSWORDS.read_text().splitlines()
                     if line.strip() and not line.startswith("#"))


def hash_password(password: str) -> str:
    return generate_password_hash(password, method="scrypt")


def password_matches(stored_hash: str | None, password: str) -> bool:
    if stored_hash is None:
        check_password_hash(_DUMMY_HASH, password)
        return False
    return check_password_hash(stored_hash, password)


def password_problem(password: str, email: str = "") -> str | None:
    """Why ``password`` is not acceptable (localized), or None."""
    if len(password) < MIN_LENGTH:
        return str(_l("Use at least %(num)s characters.", num=MIN_LENGTH))
    if len(password) > MAX_LENGTH:
        return str(_l("Use at most %(num)s characters.", num=MAX_LENGTH))
    lowered = password.lower()
    local_part = email.split("@")[0].lower()
    if lowered in _common() or (local_part and local_part in lowered):
        return str(_l("This password is too easy to guess. Try a short sentence instead."))
    return None
