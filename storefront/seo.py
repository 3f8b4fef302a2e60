"""Being found and shared: ``robots.txt``, the sitemaps, canonical URLs and JSON-LD.

The sitemap is an index of parts (at most 50,000 URLs each, as the protocol allows), so
100,000 products stay within the limits; every URL lists its other language as an
``xhtml:link`` alternate. Addresses start with SITE_URL, never with the request's host.
"""

from __future__ import annotations

import json
import math

import sqlalchemy as sa
from flask import Blueprint, Response, abort, current_app, render_template, request, url_for
from markupsafe import Markup

from storefront.catalog.listing import published
from storefront.catalog.models import Producer, Product
from storefront.clock import today
from storefront.extensions import db
from storefront.i18n import languages
from storefront.pagination import MAX_PAGE, parse_page
from storefront.promotion.models import Collection, TradeEvent

bp = Blueprint("seo", __name__)

PART_SIZE = 20_000  # objects per sitemap part; × 2 languages stays under 50,000 URLs
PRIVATE_PREFIXES = ("cart", "checkout", "account", "admin", "producer", "orders", "quotes")


def absolute(path: str) -> str:
    return current_app.config["SITE_URL"].rstrip("/") + path


@bp.get("/robots.txt")
def robots():
    lines = ["User-agent: *"]
    lines += [f"Disallow: /{lang}/{prefix}" for lang in languages()
              for prefix in PRIVATE_PREFIXES]
    lines += ["Disallow: /api/", "Disallow: /webhooks/", "",
              f"Sitemap: {absolute(url_for('seo.sitemap_index'))}", ""]
    return Response("\n".join(lines), mimetype="text/plain")


@bp.get("/sitemap.xml")
def sitemap_index():
    parts = [("pages", 1)]
    for section, model, condition in _SECTIONS:
        count = db.session.scalar(sa.select(sa.func.count(model.id)).where(condition())) or 0
        parts += [(section, page) for page in range(1, math.ceil(count / PART_SIZE) + 1)]
    return _xml("seo/sitemap_index.xml", parts=[
        absolute(url_for("seo.sitemap_part", section=section, page=page))
        for section, page in parts])


@bp.get("/sitemap-<any(pages, products, producers, collections, events):section>-"
        f"<int(max={MAX_PAGE}):page>.xml")
def sitemap_part(section: str, page: int):
    if page < 1:
        abort(404)
    entries = _static_entries() if section == "pages" else _object_entries(section, page)
    if entries is None:
        abort(404)
    return _xml("seo/sitemap.xml", entries=entries)


def _xml(template: str, **context) -> Response:
    return Response(render_template(template, **context), mimetype="application/xml")


def _static_entries() -> list[dict]:
    return [_entry(endpoint, None) for endpoint in
            ("home.index", "search.products", "catalog.producers", "promotion.events")]


_SECTIONS = (
    ("products", Product, published),
    ("producers", Producer, lambda: Producer.verified_at.is_not(None)),
    ("collections", Collection, lambda: sa.and_(
        sa.or_(Collection.starts_on.is_(None), Collection.starts_on <= today()),
        sa.or_(Collection.ends_on.is_(None), Collection.ends_on >= today()))),
    ("events", TradeEvent, lambda: TradeEvent.published.is_(True)),
)
_ENDPOINTS = {"products": "catalog.product", "producers": "catalog.producer",
              "collections": "promotion.collection", "events": "promotion.event"}


def _object_entries(section: str, page: int) -> list[dict] | None:
    _, model, condition = next(s for s in _SECTIONS if s[0] == section)
    rows = db.session.execute(
        sa.select(model.slug, model.updated_at).where(condition()).order_by(model.id)
        .limit(PART_SIZE).offset((page - 1) * PART_SIZE)).all()
    if not rows and page > 1:
        return None
    return [_entry(_ENDPOINTS[section], slug, updated_at) for slug, updated_at in rows]


def _entry(endpoint: str, slug: str | None, updated_at=None) -> dict:
    values = {"slug": slug} if slug else {}
    urls = {lang: absolute(url_for(endpoint, lang=lang, **values)) for lang in languages()}
    return {"urls": urls,
            "lastmod": updated_at.date().isoformat() if updated_at else None}


# -- template helpers --------------------------------------------------------------------------

def canonical_url() -> str:
    """This page's address without tracking or filter parameters (a list keeps its page)."""
    page = parse_page(request.args.get("page"))
    suffix = f"?page={page}" if page and page > 1 else ""
    return absolute(request.path) + suffix


def json_ld(data: dict) -> Markup:
    """A JSON-LD script element. <, > and & are written as JSON escapes, so no text (a
    product name with "</script>") can end the element or start markup."""
    text = (json.dumps(data, ensure_ascii=False, separators=(",", ":"))
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))
    return Markup(f'<script type="application/ld+json">{text}</script>')  # noqa: S704


# -- schema.org --------------------------------------------------------------------------------

def _media(path: str) -> str:
    return absolute(url_for("site.media", filename=path))


def breadcrumb_ld(crumbs: list[tuple[str, str]]) -> dict:
    """``crumbs`` are (name, absolute URL) from the home page down to this page."""
    return {"@context": "https://schema.org", "@type": "BreadcrumbList",
            "itemListElement": [{"@type": "ListItem", "position": n, "name": name, "item": url}
                                for n, (name, url) in enumerate(crumbs, start=1)]}


def product_ld(product, text, lang: str, stars: int | None) -> dict:
    """A Product with its Offer in VND; OCOP stars as a PropertyValue (not a review rating:
    they are a certification, and search engines forbid self-made ratings)."""
    data = {
        "@context": "https://schema.org", "@type": "Product", "name": text.name,
        "description": text.summary or text.description[:300], "sku": product.sku,
        "url": absolute(url_for("catalog.product", lang=lang, slug=product.slug)),
        "image": [_media(image.path) for image in product.images],
        "brand": {"@type": "Brand", "name": product.producer.text(lang).name},
        "countryOfOrigin": "VN",
        "offers": {
            "@type": "Offer", "price": str(product.price_vnd), "priceCurrency": "VND",
            "availability": "https://schema.org/InStock" if product.stock > 0
            else "https://schema.org/OutOfStock",
            "url": absolute(url_for("catalog.product", lang=lang, slug=product.slug)),
            "seller": {"@type": "Organization", "name": product.producer.legal_name}},
    }
    if stars:
        data["additionalProperty"] = [{"@type": "PropertyValue", "name": "OCOP",
                                       "value": f"{stars}/5"}]
    return data


def producer_ld(producer, text, lang: str) -> dict:
    data = {
        "@context": "https://schema.org", "@type": "Organization", "name": text.name,
        "legalName": producer.legal_name,
        "url": absolute(url_for("catalog.producer", lang=lang, slug=producer.slug)),
        "description": text.tagline,
        "address": {"@type": "PostalAddress", "streetAddress": producer.address,
                    "addressLocality": producer.commune, "addressRegion": producer.province,
                    "addressCountry": "VN"},
    }
    if producer.banner_path:
        data["image"] = _media(producer.banner_path)
    if producer.phone:
        data["telephone"] = producer.phone
    if producer.email:
        data["email"] = producer.email
    return data


def event_ld(event, text, lang: str) -> dict:
    return {
        "@context": "https://schema.org", "@type": "Event", "name": text.name,
        "startDate": event.starts_on.isoformat(), "endDate": event.ends_on.isoformat(),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "description": text.description[:500],
        "url": absolute(url_for("promotion.event", lang=lang, slug=event.slug)),
        "location": {"@type": "Place", "name": text.place or "Quảng Bình",
                     "address": {"@type": "PostalAddress", "addressLocality": text.place,
                                 "addressRegion": "Quảng Bình", "addressCountry": "VN"}},
        "organizer": {"@type": "Organization", "name": "OCOP Quảng Bình",
                      "url": absolute(url_for("home.index", lang=lang))},
    }


def init_app(app) -> None:
    app.add_template_filter(json_ld)
    for helper in (canonical_url, breadcrumb_ld, product_ld, producer_ld, event_ld):
        app.add_template_global(helper)
    app.add_template_global(absolute, "absolute_url")
