"""Loading the sample catalogue is idempotent; the synthetic generator scales."""

import sqlalchemy as sa

from storefront.catalog.models import (
    Certificate,
    Producer,
    Product,
    ProductImage,
    ProductTranslation,
)
from storefront.catalog.seed import load_catalogue
from storefront.catalog.seed_files import read_seed
from storefront.extensions import db
from tests.conftest import SEED_ROOT


def row_counts() -> dict:
    return {
        model.__name__: db.session.scalar(sa.select(sa.func.count()).select_from(model))
        for model in (Producer, Product, ProductTranslation, Certificate, ProductImage)
    }


def test_the_sample_catalogue_is_loaded(app):
    counts = row_counts()
    assert counts["Product"] == 64 and counts["Producer"] == 31
    assert counts["ProductTranslation"] == 128
    assert counts["ProductImage"] == 128


def test_loading_again_changes_nothing(app):
    before = row_counts()
    report = load_catalogue(read_seed(SEED_ROOT), SEED_ROOT / "images")
    db.session.flush()
    assert report.created == {}
    assert row_counts() == before


def test_loading_updates_edited_rows(app):
    product = db.session.scalar(sa.select(Product).where(Product.slug ==
                                "nuoc-mam-chay-moc-huong-500ml"))
    product.price_vnd = 1_000
    db.session.flush()
    load_catalogue(read_seed(SEED_ROOT), SEED_ROOT / "images")
    db.session.flush()
    assert product.price_vnd != 1_000


def test_seed_command_is_idempotent_and_reports(runner):
    result = runner.invoke(args=["seed", "catalog"])
    assert result.exit_code == 0, result.output
    assert "Created nothing" in result.output


def test_seed_command_if_empty_skips_a_filled_catalogue(runner):
    result = runner.invoke(args=["seed", "catalog", "--if-empty"])
    assert "nothing loaded" in result.output


def test_seed_command_reports_bad_files(runner, tmp_path):
    (tmp_path / "data").mkdir()
    result = runner.invoke(args=["seed", "catalog", "--path", str(tmp_path)])
    assert result.exit_code != 0
    assert "districts.toml: cannot be read" in result.output


def test_synthetic_catalogue(runner):
    before = row_counts()["Product"]
    result = runner.invoke(args=["seed", "synthetic", "--products", "500"])
    assert result.exit_code == 0, result.output
    assert row_counts()["Product"] == before + 500
    sample = db.session.scalar(sa.select(Product).where(Product.sku.like("SYN-%")))
    assert sample.text("en").name and sample.text("vi").name and sample.stars in (3, 4, 5)
    # ids were assigned explicitly: the next ORM insert must not collide
    from tests import factories

    assert factories.make_product().id > sample.id
