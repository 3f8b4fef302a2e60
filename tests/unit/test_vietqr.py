"""VietQR payloads against the published NAPAS test vector, and back."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storefront.orders.vietqr import (
    Transfer,
    VietQRError,
    build_payload,
    crc16_ccitt_false,
    parse_payload,
    qr_svg,
)

NAPAS_VECTOR = ("00020101021238570010A00000072701270006970403011300110123456780208QRIBFTTA"
                "530370454061800005802VN62340107NPS68690819thanh toan don hang63042E2E")


def test_crc_check_value():
    assert crc16_ccitt_false(b"123456789") == 0x29B1


def test_the_napas_test_vector_is_reproduced():
    transfer = Transfer(bank_bin="970403", account="0011012345678", amount_vnd=180000,
                        purpose="thanh toan don hang", bill_number="NPS6869")
    assert build_payload(transfer) == NAPAS_VECTOR


def test_the_test_vector_reads_back():
    assert parse_payload(NAPAS_VECTOR) == Transfer("970403", "0011012345678", 180000,
                                                   "thanh toan don hang", "NPS6869")


def test_a_changed_character_breaks_the_checksum():
    with pytest.raises(VietQRError):
        parse_payload(NAPAS_VECTOR.replace("180000", "980000"))


def test_vietnamese_purpose_is_sent_without_accents():
    payload = build_payload(Transfer("970436", "0011001234567", 150000, "Thanh toán đơn hàng"))
    assert parse_payload(payload).purpose == "Thanh toan don hang"


def test_without_an_amount_the_code_is_static():
    payload = build_payload(Transfer("970436", "0011001234567"))
    assert payload.startswith("000201010211")
    assert parse_payload(payload).amount_vnd is None


@pytest.mark.parametrize("transfer", [
    Transfer("97043", "0011001234567", 1000), Transfer("970436", "001-100", 1000),
    Transfer("970436", "0011001234567", 0),
    # Digits and letters outside ASCII: a banking app cannot read them.
    Transfer("９７０４３６", "0011001234567", 1000), Transfer("970436", "đ011001234567", 1000),
])
def test_malformed_transfers_are_refused(transfer):
    with pytest.raises(VietQRError):
        build_payload(transfer)


@given(amount=st.integers(1, 10**10), number=st.from_regex(r"QB-20[2-9][0-9]-[0-9]{6}",
                                                           fullmatch=True))
def test_round_trip(amount, number):
    transfer = Transfer("970436", "0011001234567", amount, number, number)
    assert parse_payload(build_payload(transfer)) == transfer


def test_the_qr_is_an_inline_svg():
    svg = qr_svg(NAPAS_VECTOR)
    assert svg.startswith("<svg") and "<script" not in svg
