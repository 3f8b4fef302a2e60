"""Recording production batches."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from flask_babel import gettext

from storefront.catalog.models import Product
from storefront.clock import today
from storefront.errors import DomainError
from storefront.extensions import db
from storefront.text import nfc
from storefront.traceability import queries
from storefront.traceability.models import Batch, Standard
from storefront.traceability.uploads import store_report

LOT_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9./_-]{0,39}$")


class BatchError(DomainError):
    def __init__(self, message, field: str | None = None):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class BatchDetails:
    lot_code: str
    production_date: dt.date
    expiry_date: dt.date | None
    quantity: int
    ingredients_origin: str = ""
    standards: tuple[Standard, ...] = ()
    test_report_ref: str = ""
    report: bytes | None = None  # the uploaded file's content, if any


def record_batch(product: Product, details: BatchDetails, actor_id: int | None) -> Batch:
    """A new batch with its own trace code. Raises BatchError (or UploadError for the file)."""
    lot = details.lot_code.strip()
    if not LOT_CODE.match(lot):
        raise BatchError(gettext("A lot code is letters, digits and . / _ -, up to 40."),
                         field="lot_code")
    if queries.lot_exists(product.id, lot):
        raise BatchError(gettext("This product already has a batch %(lot)s.", lot=lot),
                         field="lot_code")
    if details.production_date > today():
        raise BatchError(gettext("The production date is in the future."),
                         field="production_date")
    if details.expiry_date is not None and details.expiry_date <= details.production_date:
        raise BatchError(gettext("The expiry date must come after the production date."),
                         field="expiry_date")
    if details.quantity <= 0:
        raise BatchError(gettext("Enter how many units the batch made."), field="quantity")
    batch = Batch(
        product=product, lot_code=lot, production_date=details.production_date,
        expiry_date=details.expiry_date, quantity=details.quantity,
        ingredients_origin=nfc(details.ingredients_origin).strip()[:2000],
        standards=",".join(str(s) for s in details.standards),
        test_report_ref=nfc(details.test_report_ref).strip()[:120],
        report_path=store_report(details.report) if details.report else None,
        created_by_id=actor_id)
    db.session.add(batch)
    db.session.flush()
    return batch
