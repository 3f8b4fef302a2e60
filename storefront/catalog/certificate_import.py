"""Importing certificates from a CSV file, as a provincial decision's annex is typed up.

One row per certificate: the product's SKU, stars, score, decision number and date,
issuing level and body. Headers may be English or Vietnamese; dates dd/mm/yyyy or ISO;
commas or semicolons; UTF-8 with or without Excel's byte-order mark. Every row is checked
by the same rules as the form (``services.record_certificate``); a file is imported only
when every row is valid, so a typo never leaves half a decision recorded. Rows already
recorded (same product, decision number and date) are skipped, so importing a file twice
records it once.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import gettext

from storefront.catalog import services
from storefront.catalog.certificates import OCOP_STARS, STAR_BANDS
from storefront.catalog.models import Certificate, IssuingLevel, Product
from storefront.clock import today
from storefront.errors import DomainError
from storefront.extensions import db
from storefront.numbers import is_ascii_digits
from storefront.text import fold, nfc

MAX_ROWS = 2000
COLUMNS = {  # canonical name → accepted headers, folded (no diacritics, lower case)
    "sku": {"sku", "ma san pham", "ma sp"},
    "stars": {"stars", "so sao", "hang sao", "sao"},
    "score": {"score", "diem", "tong diem"},
    "decision_number": {"decision_number", "decision number", "so quyet dinh", "so qd"},
    "decision_date": {"decision_date", "decision date", "ngay quyet dinh", "ngay qd"},
    "issuing_level": {"issuing_level", "level", "cap", "cap danh gia"},
    "issuing_body": {"issuing_body", "issuing body", "co quan cap", "co quan", "don vi cap"},
}
LEVELS = {"district": IssuingLevel.DISTRICT, "huyen": IssuingLevel.DISTRICT,
          "province": IssuingLevel.PROVINCE, "tinh": IssuingLevel.PROVINCE,
          "national": IssuingLevel.NATIONAL, "trung uong": IssuingLevel.NATIONAL,
          "quoc gia": IssuingLevel.NATIONAL}


class ImportFileError(DomainError):
    """The file as a whole cannot be read (not CSV, missing columns, too long)."""


@dataclass
class Row:
    line: int  # as a spreadsheet numbers it: the header is line 1
    values: dict[str, str]
    errors: list[str] = field(default_factory=list)
    product: Product | None = None
    duplicate: bool = False  # already recorded: skipped

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class ImportResult:
    rows: list[Row]
    written: int = 0

    @property
    def valid(self) -> bool:
        return bool(self.rows) and all(row.ok for row in self.rows)

    @property
    def new_rows(self) -> list[Row]:
        return [row for row in self.rows if row.ok and not row.duplicate]


def check_file(data: bytes) -> ImportResult:
    """Read and check every row; nothing is written."""
    rows = _read(data)
    products = _products_by_sku({row.values["sku"] for row in rows})
    seen = set()
    for row in rows:
        _check_row(row, products)
        key = (row.values["sku"], row.values["decision_number"], row.values["decision_date"])
        if key in seen and row.ok:
            row.errors.append(gettext("The same certificate appears twice in the file."))
        seen.add(key)
    _mark_duplicates([row for row in rows if row.ok])
    return ImportResult(rows)


def import_file(data: bytes) -> ImportResult:
    """Check, then record every new row — or none of them when any row is wrong."""
    result = check_file(data)
    if result.valid:
        for row in result.new_rows:
            services.record_certificate(row.product, **_certificate_fields(row.values))
        result.written = len(result.new_rows)
    return result


def _read(data: bytes) -> list[Row]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(gettext(
            "Save the file as CSV in UTF-8 (Excel: “CSV UTF-8”).")) from None
    if not text.strip():
        raise ImportFileError(gettext("The file is empty."))
    dialect = ";" if text.splitlines()[0].count(";") > text.splitlines()[0].count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=dialect)
    header = [fold(nfc(cell)).strip() for cell in next(reader)]
    positions = _column_positions(header)
    rows = []
    for line, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(rows) >= MAX_ROWS:
            raise ImportFileError(gettext("A file holds at most %(num)s rows; split it.",
                                          num=MAX_ROWS))
        rows.append(Row(line, {name: nfc(cells[index]).strip() if index < len(cells) else ""
                               for name, index in positions.items()}))
    return rows


def _column_positions(header: list[str]) -> dict[str, int]:
    positions = {}
    for name, accepted in COLUMNS.items():
        index = next((i for i, cell in enumerate(header) if cell in accepted), None)
        if index is None:
            raise ImportFileError(gettext(
                "The file has no “%(column)s” column. The first line must name the columns: "
                "%(all)s.", column=name, all=", ".join(COLUMNS)))
        positions[name] = index
    return positions


def _products_by_sku(skus: set[str]) -> dict[str, Product]:
    found = db.session.scalars(sa.select(Product).where(Product.sku.in_(skus)))
    return {product.sku: product for product in found}


def _check_row(row: Row, products: dict[str, Product]) -> None:
    values = row.values
    row.product = products.get(values["sku"])
    if row.product is None:
        row.errors.append(gettext("No product has the SKU “%(sku)s”.", sku=values["sku"]))
    stars, score = _whole(values["stars"]), _whole(values["score"])
    if stars not in OCOP_STARS:
        row.errors.append(gettext("Stars must be 3, 4 or 5."))
    elif score is None or not STAR_BANDS[stars][0] <= score <= STAR_BANDS[stars][1]:
        low, high = STAR_BANDS[stars]
        row.errors.append(gettext(
            "A %(stars)s-star certificate needs a score from %(low)s to %(high)s; "
            "%(score)s points does not fit.", stars=stars, low=low, high=high,
            score=values["score"] or "—"))
    if not values["decision_number"]:
        row.errors.append(gettext("The decision number is missing."))
    date = parse_date(values["decision_date"])
    if date is None:
        row.errors.append(gettext("“%(value)s” is not a date (dd/mm/yyyy).",
                                  value=values["decision_date"]))
    elif date > today():
        row.errors.append(gettext("The decision date is in the future."))
    if fold(values["issuing_level"]) not in LEVELS:
        row.errors.append(gettext("The level must be district, province or national."))
    if not values["issuing_body"]:
        row.errors.append(gettext("The issuing body is missing."))


def _mark_duplicates(rows: list[Row]) -> None:
    if not rows:
        return
    recorded = {tuple(found) for found in db.session.execute(
        sa.select(Certificate.product_id, Certificate.decision_number,
                  Certificate.decision_date)
        .where(Certificate.product_id.in_({row.product.id for row in rows})))}
    for row in rows:
        key = (row.product.id, row.values["decision_number"],
               parse_date(row.values["decision_date"]))
        row.duplicate = key in recorded


def _certificate_fields(values: dict[str, str]) -> dict:
    return {"stars": int(values["stars"]), "score": int(values["score"]),
            "decision_number": values["decision_number"],
            "decision_date": parse_date(values["decision_date"]),
            "issuing_level": LEVELS[fold(values["issuing_level"])],
            "issuing_body": values["issuing_body"]}


def _whole(raw: str) -> int | None:
    return int(raw) if is_ascii_digits(raw.strip()) else None


def parse_date(raw: str) -> dt.date | None:
    """dd/mm/yyyy (how Vietnamese decisions write dates), d-m-yyyy, or ISO yyyy-mm-dd."""
    raw = raw.strip()
    for pattern in ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(raw, pattern).date()
        except ValueError:
            continue
    return None
