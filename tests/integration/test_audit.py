"""The audit log records every change by the office and by producer staff, and only theirs;
its rows cannot be changed or removed."""

import pytest
import sqlalchemy as sa

from storefront.audit.models import AuditLog
from storefront.extensions import db
from tests import factories
from tests.web import sign_in, submit

FISH_SAUCE = "nuoc-mam-chay-moc-huong-500ml"


def entries(**where) -> list[AuditLog]:
    query = sa.select(AuditLog).order_by(AuditLog.id)
    for name, value in where.items():
        query = query.where(getattr(AuditLog, name) == value)
    return list(db.session.scalars(query))


@pytest.fixture
def staff(client):
    user = factories.make_user("producer_staff",
                               producer=factories.producer_by_slug("htx-nong-san-moc-huong"))
    sign_in(client, user)
    return user


def test_a_staff_price_change_is_recorded_with_before_and_after(client, staff):
    product = factories.product_by_slug(FISH_SAUCE)
    old_price = product.price_vnd

    submit(client, f"/en/producer/products/{product.id}/price",
           {"price_vnd": "99000", "weight_g": str(product.weight_g)},
           form_page=f"/en/producer/products/{product.id}")

    [entry] = entries(object_type="products", object_id=str(product.id))
    assert entry.action == "update" and entry.actor_id == staff.id
    assert entry.actor_email == staff.email and entry.actor_role == "producer_staff"
    assert entry.changes["price_vnd"] == [old_price, 99000]
    assert "weight_g" not in entry.changes  # unchanged fields are left out
    assert entry.path == f"/en/producer/products/{product.id}/price"


def test_a_new_object_is_recorded_with_its_fields_and_secrets_are_hidden(app):
    office = app.test_client()
    admin = factories.make_user("admin")
    sign_in(office, admin)
    producer = factories.producer_by_slug("htx-nong-san-moc-huong")

    submit(office, f"/en/admin/producers/{producer.id}/staff",
           {"name": "Nguyễn Thị Hoa", "email": "hoa@mochuong.example", "locale": "vi"})

    [created] = [e for e in entries(object_type="users", action="create")
                 if e.summary == "hoa@mochuong.example"]
    assert created.actor_id == admin.id
    assert created.changes["producer_id"] == [None, producer.id]
    secret = [pair for field, pair in created.changes.items() if "token" in field]
    assert all(pair[1] in (None, "•••") for pair in secret)


def test_a_buyers_changes_are_not_the_audit_logs_business(client):
    sign_in(client, factories.make_user("customer"))

    submit(client, "/en/cart/add", {"product_id": factories.product_by_slug(FISH_SAUCE).id,
                                    "quantity": "1"}, form_page=f"/en/products/{FISH_SAUCE}")

    assert entries() == []


def test_office_decisions_made_with_bare_updates_are_recorded_too(app, client, staff):
    product = factories.product_by_slug(FISH_SAUCE)
    review = factories.make_name_change(product)
    office = app.test_client()
    sign_in(office, factories.make_user("admin"))

    submit(office, f"/en/admin/listings/{review.id}/request_changes",
           {"comment": "Tên quá dài."}, form_page=f"/en/admin/listings/{review.id}")

    [decision] = entries(object_type="listing_reviews", action="changes_requested")
    assert decision.changes["comment"] == [None, "Tên quá dài."]


def test_the_audit_log_is_append_only(client, staff):
    product = factories.product_by_slug(FISH_SAUCE)
    submit(client, f"/en/producer/products/{product.id}/threshold",
           {"low_stock_threshold": "3"}, form_page=f"/en/producer/products/{product.id}")
    [entry] = entries()

    for statement in (sa.update(AuditLog).values(actor_email="someone@else"),
                      sa.delete(AuditLog)):
        with pytest.raises(sa.exc.DatabaseError), db.session.begin_nested():
            db.session.execute(statement)
    db.session.expire_all()
    assert entries()[0].actor_email == entry.actor_email


def test_the_office_searches_the_log(app, client, staff):
    product = factories.product_by_slug(FISH_SAUCE)
    submit(client, f"/en/producer/products/{product.id}/threshold",
           {"low_stock_threshold": "4"}, form_page=f"/en/producer/products/{product.id}")
    office = app.test_client()
    sign_in(office, factories.make_user("admin"))

    found = office.get(f"/en/admin/audit?q={staff.email}&type=products").get_data(as_text=True)
    none = office.get("/en/admin/audit?q=nobody-at-all").get_data(as_text=True)
    bad_date = office.get("/en/admin/audit?since=31-02-2026")

    assert "low_stock_threshold" in found and staff.email in found
    assert "No changes match." in none
    assert bad_date.status_code == 200 and "is not a date" in bad_date.get_data(as_text=True)
