"""Order settings that would break a checkout are refused when the app starts."""

import pytest

from storefront import create_app
from storefront.shipping import DEFAULT_RATES


def build(tmp_path, **settings):
    return create_app({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x",
                       "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'db.sqlite3'}",
                       **settings})


def test_the_defaults_start(tmp_path):
    assert build(tmp_path).config["BANK_TRANSFER"]["bin"] == "970436"


@pytest.mark.parametrize("bank, message", [
    ({"bin": "97043", "account": "0011001234567", "bank_name": "V", "account_name": "A"},
     "BIN"),
    ({"bin": "970436", "account": "001-100", "bank_name": "V", "account_name": "A"},
     "account"),
    ({"bin": "970436", "account": "0011001234567", "bank_name": "V"}, "account_name"),
])
def test_a_malformed_bank_account_stops_the_start(tmp_path, bank, message):
    with pytest.raises(ValueError, match=message):
        build(tmp_path, BANK_TRANSFER=bank)


def test_an_incomplete_rate_table_stops_the_start(tmp_path):
    rates = {**DEFAULT_RATES, "south": {"first_kg_vnd": 32_000}}
    with pytest.raises(ValueError, match="south"):
        build(tmp_path, SHIPPING_RATES=rates)
