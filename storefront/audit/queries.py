"""Reading the audit log for the office's page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa

from storefront.audit.models import AuditLog
from storefront.extensions import db
from storefront.pagination import Page


@dataclass(frozen=True)
class AuditFilters:
    q: str = ""  # an e-mail, an object's number/slug/name, or a path
    object_type: str = ""
    object_id: str = ""
    since: dt.datetime | None = None
    until: dt.datetime | None = None


def entries(filters: AuditFilters, page: int, page_size: int) -> Page:
    conditions = []
    if filters.q:
        pattern = f"%{filters.q.strip().lower()}%"
        conditions.append(sa.or_(sa.func.lower(AuditLog.actor_email).like(pattern),
                                 sa.func.lower(AuditLog.summary).like(pattern),
                                 sa.func.lower(AuditLog.path).like(pattern)))
    if filters.object_type:
        conditions.append(AuditLog.object_type == filters.object_type)
    if filters.object_id:
        conditions.append(AuditLog.object_id == filters.object_id)
    if filters.since:
        conditions.append(AuditLog.at >= filters.since)
    if filters.until:
        conditions.append(AuditLog.at < filters.until)
    where = sa.and_(sa.true(), *conditions)
    total = db.session.scalar(sa.select(sa.func.count(AuditLog.id)).where(where)) or 0
    items = list(db.session.scalars(
        sa.select(AuditLog).where(where).order_by(AuditLog.id.desc())
        .limit(page_size).offset((page - 1) * page_size)))
    return Page(items, total, page, page_size)


def object_types() -> list[str]:
    return list(db.session.scalars(
        sa.select(AuditLog.object_type).distinct().order_by(AuditLog.object_type)))
