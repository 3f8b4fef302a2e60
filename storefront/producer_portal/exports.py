"""CSV export of a producer's parcels (for their accounting or a carrier's import)."""

from __future__ import annotations

import csv
import io

from storefront.clock import LOCAL_TIMEZONE
from storefront.geography import PROVINCES_BY_CODE

COLUMNS = ("order", "placed_at", "status", "payment_method", "payment_status", "buyer",
           "phone", "street", "commune", "province", "sku", "product", "quantity",
           "unit_price_vnd", "line_total_vnd", "shipping_vnd", "carrier", "tracking_code")


def parts_csv(parts) -> str:
    """One row per order line; amounts in whole đồng; times in Asia/Ho_Chi_Minh.

    Starts with a byte-order mark so that spreadsheet programs read Vietnamese as UTF-8.
    """
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for part in parts:
        order = part.order
        province = PROVINCES_BY_CODE.get(order.province_code)
        for line in part.lines:
            writer.writerow((
                order.number,
                order.created_at.astimezone(LOCAL_TIMEZONE).isoformat(timespec="minutes"),
                part.status, order.payment_method, order.payment_status, order.contact_name,
                order.contact_phone, order.street, order.commune,
                province.name if province else order.province_code, line.sku, line.name,
                line.quantity, line.unit_price_vnd, line.total_vnd, part.shipping_vnd,
                part.carrier, part.tracking_code))
    return out.getvalue()
