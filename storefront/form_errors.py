"""Showing a domain error where the user will see it: on its field, or as a message."""

from __future__ import annotations

from flask import flash


def show_error(form, error) -> None:
    """On the form field the error names (``error.field``), else as a flashed message."""
    field = getattr(form, getattr(error, "field", None) or "", None)
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        flash(error.message, "error")
