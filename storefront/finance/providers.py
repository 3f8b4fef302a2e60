"""Bank-notification services (SePay, Casso) behind one small interface.

Each adapter checks that a request really comes from its service and turns the body into
``Notification`` objects; nothing here touches the database. Adding a service means one
more adapter in ``ADAPTERS``.

- **SePay**: ``Authorization: Apikey <key>``; with a secret configured, also
  ``X-SePay-Signature: sha256=<hex>`` = HMAC-SHA256 of ``"<X-SePay-Timestamp>.<raw body>"``,
  the timestamp (Unix seconds) within five minutes of now. One transaction per request.
- **Casso (webhook v2)**: ``X-Casso-Signature: t=<ms>,v1=<hex>`` = HMAC-SHA512 of
  ``"<t>.<body as JSON with keys sorted, no spaces>"`` with the checksum key. One
  transaction in ``data``; outgoing transfers have a negative ``amount``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from zoneinfo import ZoneInfo

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
SEPAY_TIMESTAMP_DRIFT_SECONDS = 5 * 60


class UnauthenticatedError(Exception):
    """The request does not prove it comes from the service (answer 401, store nothing)."""


class MalformedError(ValueError):
    """The request is authentic but its body is not a transaction we can read (400)."""


@dataclass(frozen=True)
class Notification:
    provider: str
    provider_id: str
    account_number: str
    incoming: bool
    amount_vnd: int  # positive, in whole đồng
    content: str
    bank_reference: str
    occurred_at: dt.datetime  # aware, UTC


def normalise_reference(raw: str | None) -> str:
    """The bank's reference as upper-case letters and digits ("FT-2534 1" → "FT25341")."""
    return re.sub(r"[^0-9A-Z]", "", (raw or "").upper())[:120]


def vietnam_time(raw: object) -> dt.datetime:
    """"2026-12-07 14:02:37" (Vietnam time, as both services send it) → aware UTC."""
    if not isinstance(raw, str):
        raise MalformedError("transaction date missing")
    try:
        moment = dt.datetime.strptime(raw.strip()[:19], "%Y-%m-%d %H:%M:%S")
    except ValueError as error:
        raise MalformedError(f"transaction date {raw!r} is not YYYY-MM-DD HH:MM:SS") from error
    return moment.replace(tzinfo=VIETNAM).astimezone(dt.UTC)


def _whole_number(raw: object, name: str) -> int:
    # bool is an int in Python; JSON true is not an amount.
    if isinstance(raw, bool) or not isinstance(raw, int | float) or raw != int(raw):
        raise MalformedError(f"{name} is not a whole number of đồng")
    return int(raw)


def _text(raw: object) -> str:
    return raw.strip() if isinstance(raw, str) else ""


def _json_object(body: bytes) -> dict:
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError) as error:
        raise MalformedError("the body is not JSON") from error
    if not isinstance(data, dict):
        raise MalformedError("the body is not a JSON object")
    return data


class SePay:
    name = "sepay"

    def __init__(self, api_key: str, signing_secret: str = ""):
        self.api_key, self.signing_secret = api_key, signing_secret

    def authenticate(self, headers: Mapping[str, str], body: bytes, now: float) -> None:
        scheme, _, key = headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "apikey" or not hmac.compare_digest(key.strip(), self.api_key):
            raise UnauthenticatedError("API key missing or wrong")
        if self.signing_secret:
            self._check_signature(headers, body, now)

    def _check_signature(self, headers: Mapping[str, str], body: bytes, now: float) -> None:
        stamp = headers.get("X-SePay-Timestamp", "")
        if not (stamp.isascii() and stamp.isdigit()) or abs(now - int(stamp)) > \
                SEPAY_TIMESTAMP_DRIFT_SECONDS:
            raise UnauthenticatedError("timestamp missing or too far from now")
        given = headers.get("X-SePay-Signature", "").removeprefix("sha256=")
        expected = hmac.new(self.signing_secret.encode(), stamp.encode() + b"." + body,
                            hashlib.sha256).hexdigest()
        if not hmac.compare_digest(given, expected):
            raise UnauthenticatedError("signature does not match")

    def parse(self, body: bytes) -> list[Notification]:
        data = _json_object(body)
        if data.get("id") in (None, ""):
            raise MalformedError("id missing")
        direction = data.get("transferType")
        if direction not in ("in", "out"):
            raise MalformedError("transferType is neither in nor out")
        amount = _whole_number(data.get("transferAmount"), "transferAmount")
        if amount <= 0:
            raise MalformedError("transferAmount is not positive")
        # The transfer message is "content"; some banks put it in "description" only.
        content = _text(data.get("content")) or _text(data.get("description"))
        return [Notification(
            provider=self.name, provider_id=str(data["id"])[:120],
            account_number=_text(data.get("accountNumber")), incoming=direction == "in",
            amount_vnd=amount, content=content,
            bank_reference=normalise_reference(data.get("referenceCode")),
            occurred_at=vietnam_time(data.get("transactionDate")))]


class Casso:
    name = "casso"
    SIGNATURE = re.compile(r"t=(\d+),v1=([0-9a-f]+)")

    def __init__(self, checksum_key: str):
        self.checksum_key = checksum_key

    def authenticate(self, headers: Mapping[str, str], body: bytes, now: float) -> None:
        match = self.SIGNATURE.fullmatch(headers.get("X-Casso-Signature", "").strip())
        if not match:
            raise UnauthenticatedError("signature missing")
        try:
            data = json.loads(body)
        except (ValueError, UnicodeDecodeError) as error:
            raise UnauthenticatedError("signature cannot be checked on a body that is not JSON") \
                from error
        stamp, given = match.groups()
        if not any(hmac.compare_digest(given, self._sign(stamp, text))
                   for text in _sorted_json_forms(data)):
            raise UnauthenticatedError("signature does not match")

    def _sign(self, stamp: str, text: str) -> str:
        return hmac.new(self.checksum_key.encode(), f"{stamp}.{text}".encode(),
                        hashlib.sha512).hexdigest()

    def parse(self, body: bytes) -> list[Notification]:
        data = _json_object(body).get("data")
        if not isinstance(data, dict) or data.get("id") in (None, ""):
            raise MalformedError("data.id missing")
        amount = _whole_number(data.get("amount"), "amount")
        if amount == 0:
            raise MalformedError("amount is zero")
        return [Notification(
            provider=self.name, provider_id=str(data["id"])[:120],
            account_number=_text(data.get("accountNumber")), incoming=amount > 0,
            amount_vnd=abs(amount), content=_text(data.get("description")),
            bank_reference=normalise_reference(data.get("reference")),
            occurred_at=vietnam_time(data.get("transactionDateTime")))]


def _sorted_json_forms(data: object) -> tuple[str, ...]:
    """The body as Casso serialises it to sign: keys sorted at every level, no spaces.
    Its Node.js samples keep non-ASCII letters as they are, its PHP samples escape them
    (and "/"); either form is accepted, both need the secret."""
    sorted_data = _sort_keys(data)
    plain = json.dumps(sorted_data, ensure_ascii=False, separators=(",", ":"))
    escaped = json.dumps(sorted_data, ensure_ascii=True, separators=(",", ":"))
    return plain, escaped, escaped.replace("/", "\\/")


def _sort_keys(data: object) -> object:
    if isinstance(data, dict):
        return {key: _sort_keys(data[key]) for key in sorted(data)}
    return data


def configured_adapters(config: Mapping) -> dict[str, SePay | Casso]:
    """The services the office has set up (none by default: the receivers answer 404)."""
    adapters: dict[str, SePay | Casso] = {}
    if config.get("SEPAY_API_KEY"):
        adapters["sepay"] = SePay(config["SEPAY_API_KEY"], config.get("SEPAY_SIGNING_SECRET") or "")
    if config.get("CASSO_CHECKSUM_KEY"):
        adapters["casso"] = Casso(config["CASSO_CHECKSUM_KEY"])
    return adapters


def current_time() -> float:
    return time.time()
