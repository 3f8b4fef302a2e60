"""Validation of Vietnamese business data: tax codes (mã số thuế)."""

from __future__ import annotations

import re

# 10 digits for an enterprise; 13 for a dependent unit, written 10 digits + "-" + 3 digits.
_TAX_CODE = re.compile(r"^\d{10}(-\d{3})?$")


def normalise_tax_code(raw: str) -> str | None:
    """'3100 123 456-001' → '3100123456-001'; None if it is not a valid format."""
    compact = re.sub(r"\s", "", raw or "")
    if re.fullmatch(r"\d{13}", compact):
        compact = f"{compact[:10]}-{compact[10:]}"
    return compact if _TAX_CODE.match(compact) else None
