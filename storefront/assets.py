"""Static asset URLs with a content hash, so browsers can cache them for a year."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from flask import Flask, current_app, url_for

ONE_YEAR = 60 * 60 * 24 * 365


@cache
def _fingerprint(static_folder: str, filename: str) -> str:
    content = (Path(static_folder) / filename).read_bytes()
    return hashlib.sha256(content).hexdigest()[:12]


def asset_url(filename: str) -> str:
    version = _fingerprint(current_app.static_folder, filename)
    return url_for("static", filename=filename, v=version)


def init_app(app: Flask) -> None:
    # Versioned URLs change when the file does, so a long cache lifetime is safe.
    app.config.setdefault("SEND_FILE_MAX_AGE_DEFAULT", ONE_YEAR)
    app.add_template_global(asset_url)
