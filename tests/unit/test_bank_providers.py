"""The SePay and Casso adapters: who may speak, and what their bodies say."""

import datetime as dt
import hashlib
import hmac
import json

import pytest

from storefront.finance.providers import (
    Casso,
    MalformedError,
    SePay,
    UnauthenticatedError,
    normalise_reference,
)

NOW = 1_796_000_000.0

# Casso's own published sample: the body, the checksum key and the header it sent.
CASSO_SAMPLE = {"error": 0, "data": {
    "id": 0, "reference": "MA_GIAO_DICH_THU_NGHIEM", "description": "giao dich thu nghiem",
    "amount": 599000, "runningBalance": 25000000, "transactionDateTime": "2024-10-03 15:06:37",
    "accountNumber": "88888888", "bankName": "VPBank", "bankAbbreviation": "VPB",
    "virtualAccountNumber": "", "virtualAccountName": "", "counterAccountName": "NGUYEN VAN A",
    "counterAccountNumber": "8888888888", "counterAccountBankId": "970415",
    "counterAccountBankName": "VietinBank"}}
CASSO_KEY = "mgExMrjj4i7a1p8Cs6LmFbpCd8lbw4sSX4LZXPag7TKazeIogtR90tvWYTkwQbvs"
CASSO_SIGNATURE = ("t=1727948258788,v1=ed0a4bd2e826d5cb69988cdb141e6c1a080e21f3b57eb72cd78192"
                   "220042b9e7dde0868fc667faea8e224900fa7904e7c88dfa098032fb2d6b6996856e8b7ff3")

SEPAY_BODY = {"id": 92704, "gateway": "Vietcombank", "transactionDate": "2026-12-07 14:02:37",
              "accountNumber": "0011001234567", "code": None,
              "content": "Nguyễn Thị Lan chuyển tiền QB2026000123", "transferType": "in",
              "transferAmount": 250000, "accumulated": 19077000, "subAccount": None,
              "referenceCode": "MBVCB.3278907687", "description": ""}


def sepay_headers(body: bytes, key="api-key", secret="", stamp=int(NOW)):
    headers = {"Authorization": f"Apikey {key}"}
    if secret:
        signature = hmac.new(secret.encode(), f"{stamp}.".encode() + body,
                             hashlib.sha256).hexdigest()
        headers |= {"X-SePay-Timestamp": str(stamp), "X-SePay-Signature": f"sha256={signature}"}
    return headers


def test_casso_accepts_its_published_sample():
    body = json.dumps(CASSO_SAMPLE, indent=2).encode()  # spacing does not matter
    Casso(CASSO_KEY).authenticate({"X-Casso-Signature": CASSO_SIGNATURE}, body, NOW)
    [notification] = Casso(CASSO_KEY).parse(body)
    assert notification.amount_vnd == 599000 and notification.incoming
    assert notification.bank_reference == "MAGIAODICHTHUNGHIEM"
    assert notification.occurred_at == dt.datetime(2024, 10, 3, 8, 6, 37, tzinfo=dt.UTC)


@pytest.mark.parametrize("headers", [
    {}, {"X-Casso-Signature": "t=1727948258788"},
    {"X-Casso-Signature": CASSO_SIGNATURE.replace("v1=e", "v1=f")},
    {"X-Casso-Signature": CASSO_SIGNATURE.replace("t=1727948258788", "t=1727948258789")},
])
def test_casso_refuses_a_missing_or_wrong_signature(headers):
    with pytest.raises(UnauthenticatedError):
        Casso(CASSO_KEY).authenticate(headers, json.dumps(CASSO_SAMPLE).encode(), NOW)


def test_casso_refuses_a_changed_body():
    changed = json.loads(json.dumps(CASSO_SAMPLE))
    changed["data"]["amount"] = 5_990_000
    with pytest.raises(UnauthenticatedError):
        Casso(CASSO_KEY).authenticate({"X-Casso-Signature": CASSO_SIGNATURE},
                                      json.dumps(changed).encode(), NOW)


def test_casso_outgoing_money_is_negative():
    body = json.loads(json.dumps(CASSO_SAMPLE))
    body["data"]["amount"] = -120000
    [notification] = Casso(CASSO_KEY).parse(json.dumps(body).encode())
    assert not notification.incoming and notification.amount_vnd == 120000


def test_sepay_with_its_api_key():
    body = json.dumps(SEPAY_BODY).encode()
    SePay("api-key").authenticate(sepay_headers(body), body, NOW)
    [notification] = SePay("api-key").parse(body)
    assert notification.provider_id == "92704" and notification.amount_vnd == 250000
    assert notification.content == "Nguyễn Thị Lan chuyển tiền QB2026000123"
    assert notification.bank_reference == "MBVCB3278907687"
    assert notification.occurred_at == dt.datetime(2026, 12, 7, 7, 2, 37, tzinfo=dt.UTC)


@pytest.mark.parametrize("headers", [
    {}, {"Authorization": "Apikey wrong"}, {"Authorization": "Bearer api-key"},
    {"Authorization": "api-key"},
])
def test_sepay_refuses_a_missing_or_wrong_key(headers):
    with pytest.raises(UnauthenticatedError):
        SePay("api-key").authenticate(headers, b"{}", NOW)


def test_sepay_signature_when_configured():
    body = json.dumps(SEPAY_BODY).encode()
    adapter = SePay("api-key", "signing-secret")
    adapter.authenticate(sepay_headers(body, secret="signing-secret"), body, NOW)
    for headers in (sepay_headers(body), sepay_headers(body, secret="another secret"),
                    sepay_headers(body, secret="signing-secret", stamp=int(NOW) - 600)):
        with pytest.raises(UnauthenticatedError):
            adapter.authenticate(headers, body, NOW)
    with pytest.raises(UnauthenticatedError):  # the body changed after signing
        adapter.authenticate(sepay_headers(body, secret="signing-secret"), body + b" ", NOW)


@pytest.mark.parametrize("change", [
    {"id": None}, {"transferType": "sideways"}, {"transferAmount": "250000"},
    {"transferAmount": 0}, {"transferAmount": 2.5}, {"transferAmount": True},
    {"transactionDate": "07/12/2026"}, {"transactionDate": None},
])
def test_sepay_bodies_that_cannot_be_read(change):
    with pytest.raises(MalformedError):
        SePay("api-key").parse(json.dumps(SEPAY_BODY | change).encode())


@pytest.mark.parametrize("body", [b"", b"not json", b"[1, 2]", b"\xff\xfe"])
def test_bodies_that_are_not_json_objects(body):
    with pytest.raises(MalformedError):
        SePay("api-key").parse(body)
    with pytest.raises(MalformedError):
        Casso(CASSO_KEY).parse(body)


def test_references_keep_letters_and_digits():
    assert normalise_reference("FT-2534 1.x") == "FT25341X"
    assert normalise_reference(None) == ""
