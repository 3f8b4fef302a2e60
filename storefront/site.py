"""Routes outside the language prefix: the root redirect, health check and media files."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, redirect, send_from_directory, url_for
from sqlalchemy import text

from storefront.extensions import db
from storefront.i18n import preferred_language

bp = Blueprint("site", __name__)

MEDIA_MAX_AGE = 60 * 60 * 24 * 30


@bp.get("/")
def root():
    return redirect(url_for("home.index", lang=preferred_language()))


@bp.get("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # noqa: BLE001 - any database failure means "not healthy"
        current_app.logger.exception("Health check: database unavailable")
        return jsonify(status="error", database="unavailable"), 503
    return jsonify(status="ok", database="ok")


@bp.get("/media/<path:filename>")
def media(filename: str):
    # Media files get random or content-derived names, so they can be cached for long.
    return send_from_directory(current_app.config["MEDIA_ROOT"], filename, max_age=MEDIA_MAX_AGE)
