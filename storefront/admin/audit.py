"""``/<lang>/admin/audit``: the audit log, searchable by person, object and date."""

from __future__ import annotations

import datetime as dt

from flask import render_template, request
from flask_babel import gettext

from storefront.accounts.permissions import admin_required
from storefront.admin.blueprint import PAGE_SIZE, bp
from storefront.audit import queries
from storefront.clock import LOCAL_TIMEZONE
from storefront.pagination import requested_page


@bp.get("/audit")
@admin_required
def audit():
    filters, errors = _filters()
    return render_template("admin/audit.html", filters=filters, errors=errors,
                           page=queries.entries(filters, requested_page(), PAGE_SIZE),
                           object_types=queries.object_types(), args=_kept_args())


def _filters() -> tuple[queries.AuditFilters, list[str]]:
    errors = []
    days = {}
    for name in ("since", "until"):
        raw = request.args.get(name, "").strip()
        try:
            days[name] = dt.date.fromisoformat(raw) if raw else None
        except ValueError:
            errors.append(gettext("“%(value)s” is not a date; that filter was ignored.",
                                  value=raw))
            days[name] = None
    return queries.AuditFilters(
        q=request.args.get("q", "").strip()[:100],
        object_type=request.args.get("type", "").strip()[:60],
        object_id=request.args.get("id", "").strip()[:40],
        since=_start_of(days["since"]),
        until=_start_of(days["until"] + dt.timedelta(days=1)) if days["until"] else None,
    ), errors


def _start_of(day: dt.date | None) -> dt.datetime | None:
    """Midnight in Vietnam: the office thinks in its own days."""
    if day is None:
        return None
    return dt.datetime.combine(day, dt.time(), tzinfo=LOCAL_TIMEZONE).astimezone(dt.UTC)


def _kept_args() -> dict[str, str]:
    return {key: request.args[key] for key in ("q", "type", "id", "since", "until")
            if request.args.get(key)}
