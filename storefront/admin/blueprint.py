"""The office's blueprint, shared by its route modules, and the argument checks they share."""

from __future__ import annotations

from flask import Blueprint, abort, request

bp = Blueprint("admin", __name__, template_folder="templates")
PAGE_SIZE = 25


def status_argument(choices: tuple[str, ...], default: str) -> str:
    status = request.args.get("status", default)
    if status not in choices:
        abort(404)
    return status
