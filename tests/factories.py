"""Small builders for test data on top of the sample catalogue (flush, never commit)."""

from __future__ import annotations

import datetime as dt
import itertools
import uuid

import sqlalchemy as sa

from storefront.catalog import services
from storefront.catalog.models import (
    Category,
    District,
    Producer,
    ProducerKind,
    ProducerTranslation,
    Product,
)
from storefront.clock import today, utcnow
from storefront.extensions import db

_sequence = itertools.count(1)


def district(slug: str = "bo-trach") -> District:
    return db.session.scalar(sa.select(District).where(District.slug == slug))


def category(slug: str = "spices-condiments") -> Category:
    return db.session.scalar(sa.select(Category).where(Category.slug == slug))


def make_producer(name: str = "HTX Thử Nghiệm", district_slug: str = "bo-trach") -> Producer:
    number = next(_sequence)
    producer = Producer(
        slug=f"htx-thu-nghiem-{number}", kind=ProducerKind.COOPERATIVE,
        legal_name=f"Hợp tác xã Thử Nghiệm {number}", district=district(district_slug),
        commune="Hoàn Lão", verified_at=utcnow(),
    )
    producer.translations = [
        ProducerTranslation(locale="vi", name=f"{name} {number}", tagline="", story=""),
        ProducerTranslation(locale="en", name=f"Test Cooperative {number}", tagline="",
                            story=""),
    ]
    db.session.add(producer)
    db.session.flush()
    return producer


def make_product(
    name_vi: str = "Nước mắm thử nghiệm",
    name_en: str = "Test fish sauce",
    *,
    producer: Producer | None = None,
    category_slug: str = "spices-condiments",
    price_vnd: int = 100_000,
    stock: int = 10,
    published: bool = True,
    stars: int | None = None,
    decision_date: dt.date | None = None,
) -> Product:
    """A product; with ``stars``, also a certificate decided on ``decision_date``."""
    number = next(_sequence)
    producer = producer or make_producer()
    product = Product(
        slug=f"san-pham-thu-nghiem-{number}", sku=f"TEST-{number:05d}", producer=producer,
        category=category(category_slug), price_vnd=price_vnd, stock=stock, weight_g=500,
        unit="bottle", origin_commune=producer.commune, origin_district=producer.district,
    )
    db.session.add(product)
    services.set_product_translation(product, "vi", name=f"{name_vi} {number}",
                                     summary="Tóm tắt.", net_quantity="500 ml")
    services.set_product_translation(product, "en", name=f"{name_en} {number}",
                                     summary="Summary.", net_quantity="500 ml")
    if published:
        services.publish_product(product)
    db.session.flush()
    if stars:
        score = {3: 60, 4: 80, 5: 95}[stars]
        services.record_certificate(
            product, stars=stars, score=score, decision_number=f"{number}/QĐ-UBND",
            decision_date=decision_date or today() - dt.timedelta(days=30),
            issuing_level="province", issuing_body="UBND tỉnh Quảng Bình",
        )
    db.session.flush()
    return product


# -- accounts -------------------------------------------------------------------------------

PASSWORD = "mot cau mat khau dai"


def make_user(role: str = "customer", *, email: str | None = None, producer=None,
              verified_distributor: bool = False, locale: str = "vi"):
    """A user of ``role`` with PASSWORD, e-mail verified; distributors get a profile."""
    from storefront.accounts import services
    from storefront.accounts.models import DistributorProfile, DistributorStatus, Role, User

    number = next(_sequence)
    user = User(email=email or f"{role}{number}@example.com", name=f"Người dùng {number}",
                role=Role(role), locale=locale, producer=producer, email_verified_at=utcnow())
    services._set_password(user, PASSWORD)
    if role == "distributor":
        user.distributor = DistributorProfile(
            company_name=f"Công ty Phân phối {number}", tax_code=f"31000{number:05d}",
            business_address="12 Lý Thường Kiệt, Đồng Hới", phone="0912345678",
            contact_person=user.name,
            status=DistributorStatus.VERIFIED if verified_distributor
            else DistributorStatus.PENDING,
        )
    db.session.add(user)
    db.session.flush()
    return user


def producer_by_slug(slug: str):
    return db.session.scalar(sa.select(Producer).where(Producer.slug == slug))


def make_address(user, province_code: str = "quang-tri"):
    from storefront.accounts import services

    return services.save_address(user, recipient_name=user.name or "Người nhận",
                                 phone="0912345678", street="5 Quách Xuân Kỳ",
                                 commune="Phường Đồng Hới", province_code=province_code)


# -- carts and orders -----------------------------------------------------------------------

def product_by_slug(slug: str) -> Product:
    return db.session.scalar(sa.select(Product).where(Product.slug == slug))


def make_cart(user=None, items=(("nuoc-mam-chay-moc-huong-500ml", 1),)):
    from storefront.cart import services as carts

    cart = carts.ensure_cart(None, user)
    for slug, quantity in items:
        carts.add_to_cart(cart, product_by_slug(slug), quantity)
    return cart


CONTACT = dict(name="Nguyễn Văn An", email="an@example.com", phone="0912345678",
               street="12 Lê Lợi", commune="Phường Thuận Hóa", province_code="hue")


def make_order(user=None, items=(("nuoc-mam-chay-moc-huong-500ml", 1),), method="cod",
               locale="vi"):
    from storefront.cart import services as carts
    from storefront.orders import services as orders
    from storefront.orders.states import PaymentMethod

    cart = make_cart(user, items)
    contact = orders.Contact(**{**CONTACT, "email": user.email if user else CONTACT["email"]})
    total = carts.summarise(cart, contact.province_code).total_vnd
    return orders.place_order(cart, contact, method=PaymentMethod(method), expected_total=total,
                              idempotency_key=f"key-{uuid.uuid4().hex}", locale=locale,
                              user=user)


def make_quote_request(distributor, slug: str = "nuoc-mam-chay-moc-huong-500ml",
                       quantity: int = 40):
    """A submitted request for a quote from ``distributor`` for one product."""
    from storefront.quotes.models import QuoteEvent, QuoteLine, QuoteRequest

    product = product_by_slug(slug)
    request = QuoteRequest(distributor=distributor, producer_id=product.producer_id,
                           delivery_province="ha-noi")
    request.lines.append(QuoteLine(product=product, name=product.text("vi").name,
                                   sku=product.sku, quantity=quantity))
    request.events.append(QuoteEvent(to_state="submitted", actor=distributor,
                                     role="distributor"))
    db.session.add(request)
    db.session.flush()
    request.number = f"RFQ-{request.created_at.year}-{request.id:06d}"
    db.session.flush()
    return request


def make_quote_list_line(distributor, slug: str = "nuoc-mam-chay-moc-huong-500ml",
                         quantity: int = 40):
    from storefront.quotes.models import QuoteListLine

    line = QuoteListLine(user_id=distributor.id, product=product_by_slug(slug),
                         quantity=quantity)
    db.session.add(line)
    db.session.flush()
    return line


def make_batch(product, lot_code: str = "LOT-1"):
    from storefront.traceability.models import Batch

    batch = Batch(product=product, lot_code=lot_code,
                  production_date=today() - dt.timedelta(days=5), quantity=100)
    db.session.add(batch)
    db.session.flush()
    return batch


def make_name_change(product, name_vi: str = "Tên mới"):
    """A pending review of a new name for a published product."""
    from storefront.catalog import reviews

    return reviews.propose_change(product, category_id=product.category_id,
                                  names={"vi": name_vi, "en": ""}, actor_id=None)


def make_photo(product):
    """A real photo of ``product`` in the media store (files included)."""
    import io

    from PIL import Image

    from storefront.catalog import gallery

    data = io.BytesIO()
    Image.new("RGB", (64, 48), "olive").save(data, "PNG")
    [photo] = gallery.add_photos(product, [gallery.Upload(data.getvalue(), "photo.png")])
    return photo


def make_collection(slugs=("nuoc-mam-chay-moc-huong-500ml",), title: str = "Quà Tết",
                    starts_on=None, ends_on=None):
    from storefront.promotion import services as promotion

    collection = promotion.save_collection(None, promotion.CollectionDetails(
        titles={"vi": title, "en": ""}, descriptions={}, starts_on=starts_on,
        ends_on=ends_on))
    for slug in slugs:
        promotion.add_product(collection, product_by_slug(slug).sku)
    return collection


def make_event(name: str = "Hội chợ OCOP", days_from_now: int = 10, producers=()):
    from storefront.promotion import services as promotion

    start = today() + dt.timedelta(days=days_from_now)
    return promotion.save_event(None, promotion.EventDetails(
        names={"vi": name, "en": ""}, places={"vi": "Đồng Hới"}, descriptions={},
        starts_on=start, ends_on=start + dt.timedelta(days=2),
        producer_ids=tuple(p.id for p in producers)))


def make_bank_transaction(content: str = "chuyen tien mua hang", amount_vnd: int = 95_000,
                          reason: str = "no_reference", order=None):
    """An incoming transfer waiting on the office's desk, for ``reason``."""
    from storefront.finance.models import BankTransaction, ReviewReason, TransactionStatus

    transaction = BankTransaction(
        provider="sepay", provider_id=f"test-{next(_sequence)}", account_number="0011001234567",
        incoming=True, amount_vnd=amount_vnd, content=content, bank_reference="",
        occurred_at=utcnow(), status=TransactionStatus.REVIEW, reason=ReviewReason(reason),
        order=order)
    db.session.add(transaction)
    db.session.flush()
    return transaction
