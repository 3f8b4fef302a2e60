"""Order and payment settings that would break a checkout are refused when the app starts."""

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


@pytest.mark.parametrize("missing", ["STRIPE_WEBHOOK_SECRET", "STRIPE_PUBLISHABLE_KEY"])
def test_a_stripe_key_without_its_companions_stops_the_start(tmp_path, missing):
    settings = {"STRIPE_SECRET_KEY": "sk_test_1", "STRIPE_PUBLISHABLE_KEY": "pk_test_1",
                "STRIPE_WEBHOOK_SECRET": "whsec_1", missing: None}

    with pytest.raises(RuntimeError, match=f"STOREFRONT_{missing} is not"):
        build(tmp_path, **settings)


def test_stripe_settings_come_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("STOREFRONT_STRIPE_SECRET_KEY", "sk_test_env")
    monkeypatch.setenv("STOREFRONT_STRIPE_PUBLISHABLE_KEY", "pk_test_env")
    monkeypatch.setenv("STOREFRONT_STRIPE_WEBHOOK_SECRET", "whsec_env")

    config = build(tmp_path).config

    assert (config["STRIPE_SECRET_KEY"], config["STRIPE_WEBHOOK_SECRET"]) == (
        "sk_test_env", "whsec_env")
