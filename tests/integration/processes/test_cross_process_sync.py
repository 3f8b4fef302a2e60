"""A change committed by one worker is found by the next search of every other worker,
whether they share an index directory (one host) or each keep their own (several hosts)."""

import json
import subprocess
import sys
import textwrap

import sqlalchemy as sa

from storefront.catalog import services
from storefront.catalog.filters import CatalogueFilters
from storefront.catalog.models import Product, ProductStatus
from storefront.clock import today
from storefront.extensions import db
from storefront.search.queries import search_catalogue
from tests import factories
from tests.conftest import PROJECT_ROOT


def found(app, q: str) -> set[str]:
    with app.test_request_context("/vi/products"):
        result = search_catalogue(CatalogueFilters(q=q, sort="relevance"), "vi", today(), 100)
        return {product.slug for product in result.products}


def add_product(app, name_vi: str) -> str:
    with app.app_context():
        product = factories.make_product(name_vi, "Cross-process product")
        db.session.commit()
        return product.slug


def archive(app, slug: str) -> None:
    with app.app_context():
        product = db.session.scalar(sa.select(Product).where(Product.slug == slug))
        product.status = ProductStatus.ARCHIVED
        db.session.commit()


def test_workers_sharing_one_index_directory(store):
    worker_a, worker_b = store("a"), store("b")
    assert "muoi-hat-roon-1kg" in found(worker_b, "muoi roon")  # builds the shared index

    slug = add_product(worker_a, "Chè vừng Đồng Hới")
    assert slug in found(worker_b, "che vung")
    archive(worker_b, slug)
    assert slug not in found(worker_a, "che vung")


def test_hosts_with_their_own_index_directories(store):
    host_a, host_b = store("a", "index-a"), store("b", "index-b")
    assert "muoi-hat-roon-1kg" in found(host_a, "muoi roon")
    assert "muoi-hat-roon-1kg" in found(host_b, "muoi roon")

    slug = add_product(host_a, "Bánh xèo Quảng Hòa")
    assert slug in found(host_b, "banh xeo")
    assert slug in found(host_a, "banh xeo")
    with host_b.app_context():
        product = db.session.scalar(sa.select(Product).where(Product.slug == slug))
        services.set_product_translation(product, "vi", name="Bánh khoái Quảng Hòa")
        db.session.commit()
    assert slug in found(host_a, "banh khoai")
    assert slug not in found(host_a, "banh xeo")


SEARCH_IN_ANOTHER_PROCESS = textwrap.dedent("""
    import json, sys
    from storefront import create_app
    from storefront.catalog.filters import CatalogueFilters
    from storefront.clock import today
    from storefront.search.queries import search_catalogue
    config = json.loads(sys.argv[1])
    app = create_app(config)
    with app.test_request_context("/vi/products"):
        result = search_catalogue(CatalogueFilters(q=sys.argv[2], sort="relevance"), "vi",
                                  today(), 100)
        print(json.dumps([p.slug for p in result.products]))
""")


def search_in_subprocess(store, q: str) -> list[str]:
    config = {"INSTANCE_PATH": str(store.root / "other"), "SECRET_KEY": "x",
              "SQLALCHEMY_DATABASE_URI": store.database_url,
              "SEARCH_INDEX_DIR": str(store.root / "index-shared"),
              "MEDIA_ROOT": str(store.root / "media")}
    completed = subprocess.run(
        [sys.executable, "-c", SEARCH_IN_ANOTHER_PROCESS, json.dumps(config), q],
        cwd=PROJECT_ROOT, capture_output=True, text=True, check=True, timeout=120,
    )
    return json.loads(completed.stdout.strip().splitlines()[-1])


def test_another_os_process_sees_the_change_at_once(store):
    worker = store("a")
    assert "muoi-hat-roon-1kg" in found(worker, "muoi roon")
    slug = add_product(worker, "Cháo canh Lệ Thủy")
    assert slug in search_in_subprocess(store, "chao canh")
    archive(worker, slug)
    assert slug not in search_in_subprocess(store, "chao canh")
