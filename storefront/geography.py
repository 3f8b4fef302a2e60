"""Vietnam's 34 provincial-level units (in force since 1 July 2025) and phone numbers.

Shipping addresses use the two-level structure: street, commune or ward, province.
Regions group provinces for shipping rates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storefront.text import fold

NORTH, CENTRAL, SOUTH = "north", "central", "south"


@dataclass(frozen=True)
class Province:
    code: str  # a stable ASCII slug, stored in addresses
    name: str
    region: str
    city: bool = False  # a centrally-governed city


PROVINCES: tuple[Province, ...] = (
    Province("ha-noi", "Hà Nội", NORTH, city=True),
    Province("hai-phong", "Hải Phòng", NORTH, city=True),
    Province("hue", "Huế", CENTRAL, city=True),
    Province("da-nang", "Đà Nẵng", CENTRAL, city=True),
    Province("ho-chi-minh", "Hồ Chí Minh", SOUTH, city=True),
    Province("can-tho", "Cần Thơ", SOUTH, city=True),
    Province("an-giang", "An Giang", SOUTH),
    Province("bac-ninh", "Bắc Ninh", NORTH),
    Province("ca-mau", "Cà Mau", SOUTH),
    Province("cao-bang", "Cao Bằng", NORTH),
    Province("dak-lak", "Đắk Lắk", CENTRAL),
    Province("dien-bien", "Điện Biên", NORTH),
    Province("dong-nai", "Đồng Nai", SOUTH),
    Province("dong-thap", "Đồng Tháp", SOUTH),
    Province("gia-lai", "Gia Lai", CENTRAL),
    Province("ha-tinh", "Hà Tĩnh", CENTRAL),
    Province("hung-yen", "Hưng Yên", NORTH),
    Province("khanh-hoa", "Khánh Hòa", CENTRAL),
    Province("lai-chau", "Lai Châu", NORTH),
    Province("lam-dong", "Lâm Đồng", CENTRAL),
    Province("lang-son", "Lạng Sơn", NORTH),
    Province("lao-cai", "Lào Cai", NORTH),
    Province("nghe-an", "Nghệ An", CENTRAL),
    Province("ninh-binh", "Ninh Bình", NORTH),
    Province("phu-tho", "Phú Thọ", NORTH),
    Province("quang-ngai", "Quảng Ngãi", CENTRAL),
    Province("quang-ninh", "Quảng Ninh", NORTH),
    Province("quang-tri", "Quảng Trị", CENTRAL),
    Province("son-la", "Sơn La", NORTH),
    Province("tay-ninh", "Tây Ninh", SOUTH),
    Province("thai-nguyen", "Thái Nguyên", NORTH),
    Province("thanh-hoa", "Thanh Hóa", CENTRAL),
    Province("tuyen-quang", "Tuyên Quang", NORTH),
    Province("vinh-long", "Vĩnh Long", SOUTH),
)
PROVINCES_BY_CODE = {province.code: province for province in PROVINCES}

# Mobile numbers: 0 + 9 digits starting 3, 5, 7, 8 or 9; landlines: 0 + 2xx area code
# + 7 or 8 digits (e.g. 0232 3555 101 in Quảng Bình). "+84" may replace the leading 0.
_PHONE = re.compile(r"^0(?:[35789]\d{8}|2\d{8,9})$")
_PHONE_NOISE = re.compile(r"[\s.\-()]")


def normalise_phone(raw: str) -> str | None:
    """'+84 912 345 678' → '0912345678'; None if it is not a Vietnamese number."""
    digits = _PHONE_NOISE.sub("", raw or "")
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    return digits if _PHONE.match(digits) else None


def province_choices() -> list[tuple[str, str]]:
    """(code, name) in alphabetical order of the folded name."""
    return sorted(((p.code, p.name) for p in PROVINCES), key=lambda item: fold(item[1]))
