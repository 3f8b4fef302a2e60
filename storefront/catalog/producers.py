"""The office's records of producers: create, correct, verify. Producers write their own
story and contact details in the portal (services.update_producer_profile); the office
keeps the legal facts. An unverified producer has no public page and cannot send
listings for approval."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext

from storefront.catalog.models import District, Producer, ProducerKind, ProducerTranslation
from storefront.clock import utcnow
from storefront.db import free_slug
from storefront.errors import DomainError
from storefront.extensions import db
from storefront.text import nfc, slugify


class ProducerError(DomainError):
    def __init__(self, message, field: str | None = None):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class ProducerRecord:
    name_vi: str
    name_en: str
    legal_name: str
    kind: str
    district_id: int
    commune: str
    address: str = ""
    phone: str = ""
    email: str = ""


def save_producer(producer: Producer | None, record: ProducerRecord) -> Producer:
    """Create (``producer`` None, unverified) or correct a producer. Raises ProducerError."""
    name_vi, name_en = nfc(record.name_vi).strip()[:200], nfc(record.name_en).strip()[:200]
    if not name_vi:
        raise ProducerError(gettext("Enter the producer's Vietnamese name."), "name_vi")
    if not nfc(record.legal_name).strip():
        raise ProducerError(gettext("Enter the registered name."), "legal_name")
    if record.kind not in {str(kind) for kind in ProducerKind}:
        raise ProducerError(gettext("Choose a kind of producer."), "kind")
    if db.session.get(District, record.district_id) is None:
        raise ProducerError(gettext("Choose the district the product comes from."),
                            "district_id")
    if producer is None:
        producer = Producer(slug=free_slug(db.session, Producer.slug, slugify(name_vi)[:110]))
        db.session.add(producer)
    producer.legal_name = nfc(record.legal_name).strip()[:200]
    producer.kind = ProducerKind(record.kind)
    producer.district_id = record.district_id
    producer.commune = nfc(record.commune).strip()[:120]
    producer.address = nfc(record.address).strip()[:255]
    producer.phone, producer.email = record.phone.strip()[:40], record.email.strip()[:255]
    _set_name(producer, "vi", name_vi)
    _set_name(producer, "en", name_en)
    db.session.flush()
    return producer


def set_verified(producer: Producer, verified: bool) -> None:
    producer.verified_at = (producer.verified_at or utcnow()) if verified else None
    db.session.flush()


def _set_name(producer: Producer, locale: str, name: str) -> None:
    row = next((t for t in producer.translations if t.locale == locale), None)
    if row is None and name:
        producer.translations.append(ProducerTranslation(locale=locale, name=name))
    elif row is not None and name:
        row.name = name
