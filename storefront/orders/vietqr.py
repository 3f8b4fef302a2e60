"""VietQR (NAPAS 247) payloads: EMVCo merchant-presented QR for a bank transfer.

Fields are ``ID (2 digits) LENGTH (2 digits) VALUE``; the last field, 63, is a
CRC-16/CCITT-FALSE over everything before it, including the characters "6304".
See DOMAIN.md for the field list and the published test vector.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import segno

from storefront.numbers import is_ascii_digits

NAPAS_GUID = "A000000727"
TRANSFER_TO_ACCOUNT = "QRIBFTTA"
VND = "704"
MAX_PURPOSE = 25


class VietQRError(ValueError):
    pass


def crc16_ccitt_false(data: bytes) -> int:
    """Polynomial 0x1021, initial value 0xFFFF, no reflection, no final XOR."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return crc


def _field(tag: str, value: str) -> str:
    if len(value) > 99:
        raise VietQRError(f"field {tag} is longer than 99 characters")
    return f"{tag}{len(value):02d}{value}"


def _ascii(text: str) -> str:
    """Banking apps expect plain ASCII in the purpose: "Thanh toán" → "Thanh toan"."""
    folded = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in folded if ord(c) < 128 and not unicodedata.combining(c))


@dataclass(frozen=True)
class Transfer:
    bank_bin: str  # 6 digits, e.g. 970436 for Vietcombank
    account: str
    amount_vnd: int | None = None
    purpose: str = ""
    bill_number: str = ""


def build_payload(transfer: Transfer) -> str:
    """The QR text for ``transfer`` (dynamic when it has an amount, static otherwise).

    Raises VietQRError for a malformed bank BIN, account or amount.
    """
    if not (is_ascii_digits(transfer.bank_bin) and len(transfer.bank_bin) == 6):
        raise VietQRError("the bank BIN has 6 digits")
    account = transfer.account
    if not (account.isascii() and account.isalnum()) or len(account) > 19:
        raise VietQRError("the account is up to 19 letters or digits")
    if transfer.amount_vnd is not None and transfer.amount_vnd <= 0:
        raise VietQRError("the amount is a positive number of đồng")
    beneficiary = _field("00", transfer.bank_bin) + _field("01", transfer.account)
    merchant = (_field("00", NAPAS_GUID) + _field("01", beneficiary)
                + _field("02", TRANSFER_TO_ACCOUNT))
    additional = ""
    if transfer.bill_number:
        additional += _field("01", _ascii(transfer.bill_number)[:MAX_PURPOSE])
    if transfer.purpose:
        additional += _field("08", _ascii(transfer.purpose)[:MAX_PURPOSE])
    payload = (_field("00", "01") + _field("01", "12" if transfer.amount_vnd else "11")
               + _field("38", merchant) + _field("53", VND))
    if transfer.amount_vnd:
        payload += _field("54", str(transfer.amount_vnd))
    payload += _field("58", "VN")
    if additional:
        payload += _field("62", additional)
    payload += "6304"
    return payload + f"{crc16_ccitt_false(payload.encode('utf-8')):04X}"


def parse_fields(text: str) -> dict[str, str]:
    """Top-level fields of a payload (tag → value). Raises VietQRError if malformed."""
    fields, position = {}, 0
    while position < len(text):
        tag, length = text[position:position + 2], text[position + 2:position + 4]
        if not is_ascii_digits(length) or position + 4 + int(length) > len(text):
            raise VietQRError(f"malformed field at {position}")
        fields[tag] = text[position + 4:position + 4 + int(length)]
        position += 4 + int(length)
    return fields


def parse_payload(payload: str) -> Transfer:
    """Read a payload back (checking its CRC). Raises VietQRError."""
    body, checksum = payload[:-4], payload[-4:]
    if not body.endswith("6304") or f"{crc16_ccitt_false(body.encode()):04X}" != checksum:
        raise VietQRError("the checksum does not match")
    fields = parse_fields(payload)
    merchant = parse_fields(fields["38"])
    beneficiary = parse_fields(merchant["01"])
    additional = parse_fields(fields.get("62", ""))
    return Transfer(
        bank_bin=beneficiary["00"], account=beneficiary["01"],
        amount_vnd=int(fields["54"]) if "54" in fields else None,
        purpose=additional.get("08", ""), bill_number=additional.get("01", ""),
    )


def qr_svg(payload: str) -> str:
    """An inline SVG of the QR code (no XML declaration, sized by its container)."""
    return segno.make(payload, error="m", micro=False).svg_inline(
        scale=4, dark="#12391f", omitsize=True, title="VietQR")
