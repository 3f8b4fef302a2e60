"""The JSON shapes of the public API (described field by field in openapi.py)."""

from __future__ import annotations

import datetime as dt

from flask import url_for

from storefront.seo import absolute


def _media(path: str | None) -> str | None:
    return absolute(url_for("site.media", filename=path)) if path else None


def product_summary(product, lang: str, today: dt.date) -> dict:
    text = product.text(lang)
    main = product.main_image
    return {
        "slug": product.slug, "sku": product.sku, "name": text.name, "summary": text.summary,
        "price_vnd": product.price_vnd, "currency": "VND", "unit": product.unit,
        "in_stock": product.stock > 0, "ocop_stars": product.current_stars(today),
        "category": product.category.slug if product.category else None,
        "producer": product.producer.slug,
        "origin_district": product.origin_district.slug,
        "image": _media(main.path) if main else None,
        "thumbnail": _media(main.thumb_path) if main else None,
        "url": absolute(url_for("catalog.product", lang=lang, slug=product.slug)),
    }


def product_detail(product, lang: str, today: dt.date, certificate) -> dict:
    text = product.text(lang)
    return {
        **product_summary(product, lang, today),
        "description": text.description, "story_markdown": text.story,
        "ingredients": text.ingredients, "usage": text.usage, "storage": text.storage,
        "net_quantity": text.net_quantity, "shelf_life_days": product.shelf_life_days,
        "weight_g": product.weight_g, "origin_commune": product.origin_commune,
        "images": [{"url": _media(image.path), "thumbnail": _media(image.thumb_path),
                    "width": image.width, "height": image.height, "alt": image.alt(lang)}
                   for image in product.images],
        "certificate": None if certificate is None else {
            "stars": certificate.stars, "decision_number": certificate.decision_number,
            "decision_date": certificate.decision_date.isoformat(),
            "issuing_body": certificate.issuing_body,
            "valid_until": certificate.valid_until.isoformat(),
            "valid_today": certificate.is_valid_on(today)},
    }


def producer_summary(producer, lang: str) -> dict:
    text = producer.text(lang)
    return {
        "slug": producer.slug, "name": text.name, "kind": str(producer.kind),
        "tagline": text.tagline, "district": producer.district.slug,
        "commune": producer.commune, "image": _media(producer.banner_path),
        "url": absolute(url_for("catalog.producer", lang=lang, slug=producer.slug)),
    }


def producer_detail(producer, lang: str) -> dict:
    text = producer.text(lang)
    return {
        **producer_summary(producer, lang), "legal_name": producer.legal_name,
        "story_markdown": text.story, "visiting_hours": text.visiting_hours,
        "address": producer.address, "phone": producer.phone, "email": producer.email,
        "website": producer.website,
        "latitude": float(producer.latitude) if producer.latitude is not None else None,
        "longitude": float(producer.longitude) if producer.longitude is not None else None,
    }


def category(item, lang: str) -> dict:
    return {"slug": item.slug, "name": item.text(lang).name,
            "parent": item.parent.slug if item.parent_id else None}
