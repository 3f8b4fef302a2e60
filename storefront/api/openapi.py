"""The OpenAPI 3.1 description of ``/api/v1``. Tests check every real response against
these schemas, so the document cannot drift from what the API sends."""

from __future__ import annotations

from flask import current_app

from storefront.catalog.filters import MAX_PRICE_VND
from storefront.catalog.listing import all_categories, all_districts

STRING = {"type": "string"}
NULLABLE_STRING = {"type": ["string", "null"]}
URL = {"type": "string", "format": "uri"}
NULLABLE_URL = {"type": ["string", "null"], "format": "uri"}
INTEGER = {"type": "integer"}


def _object(properties: dict, required: list[str] | None = None) -> dict:
    return {"type": "object", "properties": properties,
            "required": required if required is not None else list(properties),
            "additionalProperties": False}


PRODUCT_SUMMARY = _object({
    "slug": STRING, "sku": STRING, "name": STRING, "summary": STRING,
    "price_vnd": {"type": "integer", "minimum": 1, "description": "Whole đồng, VAT included"},
    "currency": {"const": "VND"}, "unit": STRING, "in_stock": {"type": "boolean"},
    "ocop_stars": {"type": ["integer", "null"], "enum": [3, 4, 5, None],
                   "description": "Stars of a certificate valid today, else null"},
    "category": NULLABLE_STRING, "producer": STRING, "origin_district": STRING,
    "image": NULLABLE_URL, "thumbnail": NULLABLE_URL, "url": URL,
})
CERTIFICATE = {"type": ["object", "null"], "properties": {
    "stars": {"type": "integer", "enum": [3, 4, 5]}, "decision_number": STRING,
    "decision_date": {"type": "string", "format": "date"}, "issuing_body": STRING,
    "valid_until": {"type": "string", "format": "date"}, "valid_today": {"type": "boolean"}},
    "required": ["stars", "decision_number", "decision_date", "issuing_body", "valid_until",
                 "valid_today"], "additionalProperties": False}
# The detail repeats the summary's properties so additionalProperties can stay strict.
PRODUCT_DETAIL = _object({
    **PRODUCT_SUMMARY["properties"],
    "description": STRING, "story_markdown": STRING, "ingredients": STRING, "usage": STRING,
    "storage": STRING, "net_quantity": STRING, "shelf_life_days": {"type": ["integer", "null"]},
    "weight_g": INTEGER, "origin_commune": STRING,
    "images": {"type": "array", "items": _object({
        "url": URL, "thumbnail": URL, "width": INTEGER, "height": INTEGER, "alt": STRING})},
    "certificate": CERTIFICATE,
})
PRODUCER_SUMMARY = _object({
    "slug": STRING, "name": STRING,
    "kind": {"enum": ["cooperative", "enterprise", "cooperative_group", "household"]},
    "tagline": STRING, "district": STRING, "commune": STRING, "image": NULLABLE_URL,
    "url": URL,
})
PRODUCER_DETAIL = _object({
    **PRODUCER_SUMMARY["properties"], "legal_name": STRING, "story_markdown": STRING,
    "visiting_hours": STRING, "address": STRING, "phone": STRING, "email": STRING,
    "website": STRING, "latitude": {"type": ["number", "null"]},
    "longitude": {"type": ["number", "null"]},
})
CATEGORY = _object({"slug": STRING, "name": STRING, "parent": NULLABLE_STRING})
PROBLEM = {"type": "object", "properties": {
    "type": STRING, "title": STRING, "status": INTEGER, "detail": STRING},
    "required": ["title", "status"]}


def _page_of(schema: str) -> dict:
    items = {"type": "array", "items": {"$ref": f"#/components/schemas/{schema}"}}
    return _object({"items": items,
                    "next_cursor": {"type": ["string", "null"],
                                    "description": "Pass as `cursor` for the next page"}})


SCHEMAS = {
    "ProductSummary": PRODUCT_SUMMARY, "ProductDetail": PRODUCT_DETAIL,
    "ProducerSummary": PRODUCER_SUMMARY, "ProducerDetail": PRODUCER_DETAIL,
    "Category": CATEGORY, "Problem": PROBLEM,
    "ProductPage": _page_of("ProductSummary"), "ProducerPage": _page_of("ProducerSummary"),
    "CategoryList": _object({"items": {"type": "array",
                                       "items": {"$ref": "#/components/schemas/Category"}}}),
    "SearchResult": _object({
        "query": STRING, "total": INTEGER, "suggestion": NULLABLE_STRING,
        "items": {"type": "array", "items": {"$ref": "#/components/schemas/ProductSummary"}},
        "next_cursor": {"type": ["string", "null"], "description": (
            "Pass as `cursor` for the next results: a position in the ranking, so results "
            "may shift if the catalogue changes between two calls")}}),
    "Suggestions": _object({"query": STRING, "suggestions": {"type": "array", "items": _object({
        "kind": {"enum": ["category", "product", "producer"]}, "label": STRING,
        "url": STRING})}}),
}


def _parameter(name: str, schema: dict, description: str, required: bool = False,
               where: str = "query") -> dict:
    return {"name": name, "in": where, "required": required, "schema": schema,
            "description": description}


LANG = _parameter("lang", {"enum": ["vi", "en"], "default": "vi"},
                  "Language of names and texts (Vietnamese is the fallback)")
LIMIT = _parameter("limit", {"type": "integer", "minimum": 1, "maximum": 100, "default": 24},
                   "Items per page")
CURSOR = _parameter("cursor", {"type": "string", "pattern": "^[0-9]{1,12}$"},
                    "`next_cursor` of the previous page")
SLUG = _parameter("slug", STRING, "ASCII slug, as in the site's URLs", True, "path")
PRICE = {"type": "integer", "minimum": 0, "maximum": MAX_PRICE_VND}


def _filters() -> list[dict]:
    """The catalogue's filters; category and district list today's slugs, so a partner can
    discover them and a typo is a 400 the document foretells."""
    categories = [category.slug for category in all_categories()]
    districts = [district.slug for district in all_districts()]
    return [
        _parameter("category", {"enum": categories},
                   "Category or group slug (a group includes its subgroups)"),
        _parameter("stars", {"type": "integer", "enum": [3, 4, 5]},
                   "Only products with a certificate of these stars valid today"),
        _parameter("district", {"enum": districts}, "District of origin slug"),
        _parameter("producer", STRING, "Producer slug (an unknown one matches nothing)"),
        _parameter("price_min", PRICE, "Lowest price, whole đồng"),
        _parameter("price_max", PRICE, "Highest price, whole đồng"),
        _parameter("in_stock", {"enum": ["1"]}, "Only products in stock"),
    ]


def _answer(schema: str, description: str) -> dict:
    return {"description": description, "headers": {
        "ETag": {"schema": STRING, "description": "Send as If-None-Match to get 304"},
        "Cache-Control": {"schema": STRING}},
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}}}


PROBLEMS = {
    "400": {"description": "Bad parameter", "content": {"application/problem+json": {
        "schema": {"$ref": "#/components/schemas/Problem"}}}},
    "429": {"description": "Too many requests: wait `Retry-After` seconds",
            "headers": {"Retry-After": {"schema": INTEGER}},
            "content": {"application/problem+json": {
                "schema": {"$ref": "#/components/schemas/Problem"}}}},
}
NOT_FOUND = {"404": {"description": "No such (published) object", "content": {
    "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}}


def _operation(summary: str, parameters: list, schema: str, extra: dict | None = None,
               operation_id: str = "") -> dict:
    return {"get": {"operationId": operation_id, "summary": summary, "parameters": parameters,
                    "responses": {"200": _answer(schema, summary), **PROBLEMS,
                                  **(extra or {})}}}


def _paths() -> dict:
    return {
        "/api/v1/products": _operation(
            "Published products, oldest first, with the catalogue's filters",
            [LANG, LIMIT, CURSOR, *_filters()], "ProductPage", operation_id="listProducts"),
        "/api/v1/products/{slug}": _operation(
            "One published product with its images and OCOP certificate", [SLUG, LANG],
            "ProductDetail", NOT_FOUND, "getProduct"),
        "/api/v1/producers": _operation(
            "Verified producers", [LANG, LIMIT, CURSOR], "ProducerPage",
            operation_id="listProducers"),
        "/api/v1/producers/{slug}": _operation(
            "One verified producer", [SLUG, LANG], "ProducerDetail", NOT_FOUND, "getProducer"),
        "/api/v1/categories": _operation(
            "The six OCOP groups and their subgroups", [LANG], "CategoryList",
            operation_id="listCategories"),
        "/api/v1/search": _operation(
            "Products matching words (diacritics optional, typos forgiven), best first",
            [_parameter("q", {"type": "string", "minLength": 1, "maxLength": 100},
                        "Words to look for", True), LANG, LIMIT, CURSOR],
            "SearchResult", operation_id="search"),
        "/api/v1/suggest": _operation(
            "Names starting like q, for a search box", [
                _parameter("q", {"type": "string", "maxLength": 100}, "What was typed"), LANG],
            "Suggestions", operation_id="suggest"),
    }


def openapi_document() -> dict:
    return {
        "openapi": "3.1.0",
        "info": {"title": "OCOP Quảng Bình storefront API", "version": "1.0.0",
                 "description": "Read-only access to the certified OCOP products of Quảng "
                                "Bình and their producers, for distributors and tourism "
                                "partners. Prices are whole đồng (VND). Rate limit: "
                                f"{current_app.config['RATELIMIT_API']} per address."},
        "servers": [{"url": current_app.config["SITE_URL"].rstrip("/")}],
        "paths": _paths(),
        "components": {"schemas": SCHEMAS},
    }
