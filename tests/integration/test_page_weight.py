"""No page ships more than 60 KB of HTML, CSS and JavaScript before its images.

"Ships" is what crosses the network: the reverse proxy compresses text (docs/deployment.md),
so the budget is checked on gzip-compressed bytes, and each HTML page must also stay under
it uncompressed (a proxy without compression still delivers it whole). Photos come as
480 px copies wherever a narrow column shows them (``srcset``).
"""

from __future__ import annotations

import gzip
import re

import pytest

BUDGET = 60 * 1024
ASSET = re.compile(r'<(?:link rel="stylesheet" href|script src)="([^"]+)"')
PAGES = [
    "/vi/",
    "/vi/products",
    "/en/products?stars=4&category=food&in_stock=1",
    "/vi/products?q=nuoc+mam",
    "/vi/products/nuoc-mam-chay-moc-huong-500ml",
    "/en/producers",
    "/en/producers/htx-nong-san-moc-huong",
    "/en/events",
    "/vi/cart",
    "/vi/checkout",
]


def _shipped(client, path: str) -> tuple[int, int]:
    """(HTML bytes, compressed HTML + CSS + JavaScript bytes) for one page."""
    html = client.get(path).data
    shipped = len(gzip.compress(html))
    for asset in ASSET.findall(html.decode()):
        shipped += len(gzip.compress(client.get(asset).data))
    return len(html), shipped


@pytest.mark.parametrize("path", PAGES)
def test_pages_stay_within_the_budget(client, path):
    html, shipped = _shipped(client, path)
    assert html <= BUDGET, f"{path}: {html} bytes of HTML"
    assert shipped <= BUDGET, f"{path}: {shipped} bytes shipped"


def test_the_product_photo_offers_its_small_copy(client):
    html = client.get("/vi/products/nuoc-mam-chay-moc-huong-500ml").get_data(as_text=True)
    gallery = re.search(r'<img[^>]*class="gallery__image"[^>]*>', html, re.S).group(0)
    assert re.search(r'srcset="/media/\S+-480\.webp 480w, /media/\S+\.webp \d+w"', gallery)
    assert 'sizes="(min-width: 900px) 560px, 100vw"' in gallery
