"""The receivers for bank-notification services: ``POST /webhooks/bank/<provider>``.

Off unless the service's key is configured (404). A request that does not authenticate
gets 401 and nothing is stored; a body that cannot be read, 400. Anything else is stored
once and answered ``{"success": true}`` at once — replays and the services' own retries
(SePay tries up to seven times over about 33 minutes) find the stored row and change
nothing.
"""

from __future__ import annotations

import logging

from flask import Blueprint, current_app, jsonify, request
from sqlalchemy.exc import IntegrityError

from storefront.db import retry_when_busy
from storefront.extensions import csrf, db, limiter
from storefront.finance import providers, transfers

log = logging.getLogger(__name__)
bp = Blueprint("bank_webhooks", __name__)


@bp.post("/webhooks/bank/<provider>")
@csrf.exempt
@limiter.limit(lambda: current_app.config["RATELIMIT_WEBHOOK"])
def receive(provider: str):
    adapter = providers.configured_adapters(current_app.config).get(provider)
    if adapter is None:
        return jsonify(success=False, error="This bank notifier is not configured."), 404
    body = request.get_data(cache=False)
    try:
        adapter.authenticate(request.headers, body, providers.current_time())
    except providers.UnauthenticatedError as error:
        log.warning("Rejected a %s notification: %s", provider, error)
        return jsonify(success=False, error="Unauthorized."), 401
    try:
        notifications = adapter.parse(body)
    except providers.MalformedError as error:
        log.warning("Unreadable %s notification: %s", provider, error)
        return jsonify(success=False, error=f"Malformed notification: {error}."), 400
    outcomes = [_store(notification) for notification in notifications]
    return jsonify(success=True, outcomes=outcomes)


def _store(notification: providers.Notification) -> str:
    def work() -> str:
        transaction, is_new = transfers.record(notification, current_app.config["BANK_TRANSFER"])
        db.session.commit()
        return str(transaction.status) if is_new else "duplicate"
    try:
        return retry_when_busy(work, db.session.rollback)
    except IntegrityError:  # the same transfer stored by another request at this moment
        db.session.rollback()
        return "duplicate"


@bp.app_template_global("bank_notifications_on")
def bank_notifications_on() -> bool:
    """For the order page: transfers confirm themselves, so it may wait for the money."""
    return bool(providers.configured_adapters(current_app.config))
