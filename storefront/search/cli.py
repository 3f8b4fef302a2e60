"""``flask search reindex`` and ``flask search status``."""

from __future__ import annotations

import os

import click
from flask.cli import with_appcontext

from storefront.search import documents, sync


@click.group("search", help="Manage this host's search index.")
def search_cli() -> None:
    pass


@search_cli.command("reindex")
@click.option("--processes", type=click.IntRange(1, 16), default=min(2, os.cpu_count() or 1),
              show_default=True, help="Processes analysing documents.")
@with_appcontext
def reindex(processes: int) -> None:
    """Rebuild the index from the database (searches keep working meanwhile)."""
    index = sync.search_index()
    total = documents.count_all_documents()
    with click.progressbar(length=total, label="Indexing products, producers, categories") as bar:
        count = sync.rebuild(index, advance=bar.update, processes=processes)
    click.echo(f"Indexed {count} documents into {index.current_link.resolve()}.")


@search_cli.command("status")
@with_appcontext
def status() -> None:
    """Documents in the index, how far it has applied the outbox, and its lag."""
    try:
        state = sync.status()
    except sync.IndexUnavailableError:
        raise click.ClickException(
            "No usable index here yet: run `flask search reindex` (searches rebuild it too)."
        ) from None
    click.echo(f"index directory   {state.directory}")
    click.echo(f"documents         {state.documents} ({state.products} products)")
    click.echo(f"outbox applied    {state.applied_id} of {state.latest_id} "
               f"(lag {state.lag}, {state.gaps} gap(s) watched)")
