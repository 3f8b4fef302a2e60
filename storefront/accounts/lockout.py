"""Wrong passwords keep out the one who types them, not the account's owner.

Failures are counted per (account, address): five from one address keep that address out
of that account for 15 minutes, and nobody else. So that many addresses together cannot
guess freely, failures are also counted per account; past that looser ceiling an address
that has failed for this account is kept out too, while one with no failure of its own (the
owner's phone, most likely) still signs in. A visitor kept out is offered a sign-in link by
e-mail instead (``accounts.views.login``).

The counters live in the rate limiter's storage (Redis when configured), so every worker
sees the same counts. Accounts are keyed by the normalised e-mail whether or not an account
uses it: the lock itself tells nobody which addresses have accounts.
"""

from __future__ import annotations

import time

from flask import current_app, request
from limits import RateLimitItem, parse

from storefront.extensions import limiter


def _pair_limit() -> RateLimitItem:
    return parse(current_app.config["RATELIMIT_LOGIN_PER_ACCOUNT_ADDRESS"])


def _account_limit() -> RateLimitItem:
    return parse(current_app.config["RATELIMIT_LOGIN_PER_ACCOUNT"])


def _pair(email: str) -> tuple[str, str, str]:
    return ("login-failures", email, request.remote_addr or "unknown")


def _account(email: str) -> tuple[str, str]:
    return ("login-failures-account", email)


def _has_failed_here(email: str) -> bool:
    limit = _pair_limit()
    return limiter.limiter.get_window_stats(limit, *_pair(email)).remaining < limit.amount


def is_kept_out(email: str) -> bool:
    """True when this address may not try a password for ``email`` now."""
    if not limiter.limiter.test(_pair_limit(), *_pair(email)):
        return True
    if limiter.limiter.test(_account_limit(), *_account(email)):
        return False
    return _has_failed_here(email)


def seconds_until_retry(email: str) -> int:
    """How long until this address may try again (at least one second)."""
    windows = [limiter.limiter.get_window_stats(_pair_limit(), *_pair(email))]
    if not limiter.limiter.test(_account_limit(), *_account(email)):
        windows.append(limiter.limiter.get_window_stats(_account_limit(), *_account(email)))
    return max(1, int(max(window.reset_time for window in windows) - time.time()))


def record_failure(email: str) -> None:
    limiter.limiter.hit(_pair_limit(), *_pair(email))
    limiter.limiter.hit(_account_limit(), *_account(email))


def forget_failures(email: str) -> None:
    """After the owner signed in from this address: its earlier typos no longer count."""
    limiter.limiter.clear(_pair_limit(), *_pair(email))
