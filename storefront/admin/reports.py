"""``/<lang>/admin/reports``: what the provincial office reports upward on the programme,
with charts and data tables, for a date range, and each report as a CSV file."""

from __future__ import annotations

from flask import Response, abort, render_template, request
from flask_babel import format_percent

from storefront.accounts.permissions import admin_required
from storefront.admin.blueprint import bp
from storefront.clock import today
from storefront.i18n import current_language
from storefront.reports import charts, exports, queries


@bp.get("/reports")
@admin_required
def reports():
    period, warnings = queries.parse_period(request.args, today())
    data = queries.all_reports(period, today(), current_language())
    return render_template(
        "admin/reports.html", reports=data, period=period, warnings=warnings,
        charts=charts.for_reports(data), month_label=charts.month_label,
        format_percent=format_percent, csv_names=exports.REPORTS,
        expiry_days=queries.EXPIRY_WARNING_DAYS)


@bp.get("/reports/<name>.csv")
@admin_required
def report_csv(name: str):
    if name not in exports.REPORTS:
        abort(404)
    period, _warnings = queries.parse_period(request.args, today())
    body = exports.report_csv(name, period, today(), current_language())
    return Response(body, mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{exports.file_name(name, period)}"'})
