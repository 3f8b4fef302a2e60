"""``flask seed …``: load the sample catalogue, or a large synthetic one for benchmarks."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from storefront.catalog.seed import catalogue_is_empty, load_catalogue
from storefront.catalog.seed_files import SeedError, read_seed
from storefront.catalog.synthetic import generate_catalogue
from storefront.extensions import db


@click.group("seed", help="Load catalogue data.")
def seed_cli() -> None:
    pass


@seed_cli.command("catalog")
@click.option("--path", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Seed folder (default: catalog_seed/ of the project).")
@click.option("--if-empty", is_flag=True, help="Do nothing if products already exist.")
@with_appcontext
def seed_catalog(path: Path | None, if_empty: bool) -> None:
    """Load the sample catalogue (upsert by slug: running it twice changes nothing)."""
    if if_empty and not catalogue_is_empty():
        click.echo("The catalogue already has products; nothing loaded.")
        return
    root = path or Path(current_app.config["SEED_PATH"])
    try:
        seed = read_seed(root)
    except SeedError as error:
        for problem in error.problems:
            click.echo(f"  {problem}", err=True)
        raise click.ClickException(str(error)) from error
    total = len(seed.districts) + len(seed.categories) + len(seed.producers) + len(seed.products)
    with click.progressbar(length=total, label="Loading the sample catalogue") as bar:
        report = load_catalogue(seed, root / "images", advance=bar.update)
    db.session.commit()
    created = ", ".join(f"{n} {kind}" for kind, n in report.created.items()) or "nothing"
    updated = ", ".join(f"{n} {kind}" for kind, n in report.updated.items()) or "nothing"
    click.echo(f"Created {created}; checked {updated}.")
    if report.missing_images:
        click.echo(f"Warning: {len(report.missing_images)} image(s) missing, e.g. "
                   f"{report.missing_images[0]} (run: python catalog_seed/draw_images.py)")


@seed_cli.command("synthetic")
@click.option("--products", "product_count", type=click.IntRange(1, 2_000_000), required=True,
              help="How many products to add.")
@click.option("--seed", "random_seed", type=int, default=2026, show_default=True,
              help="Random seed, for repeatable catalogues.")
@with_appcontext
def seed_synthetic(product_count: int, random_seed: int) -> None:
    """Add a large generated catalogue for benchmarks (after `flask seed catalog`)."""
    try:
        with click.progressbar(length=product_count, label="Generating products") as bar:
            report = generate_catalogue(product_count, seed=random_seed, advance=bar.update)
    except ValueError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"Added {report.products} products from {report.producers} producers.")
