"""The OCOP storefront: ``create_app`` builds the Flask application.

Order matters: configuration, then extensions, then blueprints, then commands, then error
handlers, each in its own ``register_*`` step.
"""

from __future__ import annotations

import os

from flask import Flask

from storefront import (
    assets,
    collector,
    errors,
    extensions,
    i18n,
    observability,
    page_cache,
    pagination,
    security,
    templating,
    uploads,
)
from storefront.config import load_config
from storefront.db import configure_sqlite, queue_sqlite_writers
from storefront.search import outbox


def create_app(config: dict | None = None) -> Flask:
    """Build the app. ``config`` overrides everything; ``INSTANCE_PATH`` in it moves instance/."""
    config = dict(config or {})
    instance_path = config.pop("INSTANCE_PATH", None) or os.environ.get(
        "STOREFRONT_INSTANCE_PATH"
    )
    app = Flask(
        __name__,
        instance_path=os.path.abspath(instance_path) if instance_path else None,
        instance_relative_config=True,
    )
    load_config(app, config)
    observability.init_app(app)
    page_cache.init_app(app, generation=_change_mark)
    register_extensions(app)
    register_blueprints(app)
    register_commands(app)
    errors.init_app(app)
    collector.init_app(app)
    observability.trust_proxies(app)
    return app


def _change_mark() -> str:
    """What tells the page cache that shared pages changed: the search outbox."""
    return outbox.change_mark()


def register_extensions(app: Flask) -> None:
    extensions.db.init_app(app)
    with app.app_context():
        configure_sqlite(extensions.db.engine)
    queue_sqlite_writers(app)
    extensions.migrate.init_app(
        app, extensions.db, directory=os.path.join(os.path.dirname(app.root_path), "migrations"),
        render_as_batch=True, compare_type=True,
    )
    extensions.csrf.init_app(app)
    extensions.limiter.init_app(app)
    init_login(app)
    i18n.init_app(app)
    security.init_app(app)

    assets.init_app(app)
    templating.init_app(app)


def init_login(app: Flask) -> None:
    from storefront.accounts import permissions, services
    from storefront.audit import recording

    manager = extensions.login_manager
    manager.init_app(app)
    manager.session_protection = "strong"
    manager.user_loader(services.user_by_session_token)
    app.add_template_global(permissions.can)
    recording.start_recording(actor=permissions.audit_actor)


def register_blueprints(app: Flask) -> None:
    from storefront import seo, site
    from storefront.accounts.views import bp as accounts_bp
    from storefront.admin.views import bp as admin_bp
    from storefront.api.views import bp as api_bp
    from storefront.cart.views import bp as cart_bp
    from storefront.catalog.views import bp as catalog_bp
    from storefront.finance.views import bp as bank_webhooks_bp
    from storefront.home.views import bp as home_bp
    from storefront.mail.blueprint import bp as mail_bp
    from storefront.orders.views import bp as orders_bp
    from storefront.payments.views import bp as payments_bp
    from storefront.payments.views import webhooks_bp
    from storefront.producer_portal.views import bp as producer_bp
    from storefront.promotion.views import bp as promotion_bp
    from storefront.quotes.views import bp as quotes_bp
    from storefront.search.views import bp as search_bp
    from storefront.traceability.views import bp as trace_bp
    from storefront.traceability.views import short_bp as trace_short_bp

    pagination.init_app(app)  # before the first route: the bounded <int:…> converter
    outbox.start_recording()
    uploads.start_tracking()
    app.register_blueprint(site.bp)
    app.register_blueprint(seo.bp)
    seo.init_app(app)
    app.register_blueprint(mail_bp)
    app.register_blueprint(webhooks_bp)
    app.register_blueprint(bank_webhooks_bp)
    app.register_blueprint(trace_short_bp)
    for blueprint, prefix in ((home_bp, ""), (catalog_bp, ""), (search_bp, ""),
                              (cart_bp, ""), (orders_bp, ""), (payments_bp, ""),
                              (quotes_bp, ""), (trace_bp, ""), (promotion_bp, ""),
                              (accounts_bp, "/account"),
                              (admin_bp, "/admin"), (producer_bp, "/producer")):
        app.register_blueprint(blueprint, url_prefix=f"/<lang:lang>{prefix}")
    app.register_blueprint(api_bp, url_prefix="/api/v1")


def register_commands(app: Flask) -> None:
    from storefront.accounts.cli import users_cli
    from storefront.catalog.cli import seed_cli
    from storefront.mail.cli import mail_cli
    from storefront.orders.cli import orders_cli
    from storefront.payments.cli import payments_cli
    from storefront.quotes.cli import quotes_cli
    from storefront.search.cli import search_cli

    for group in (seed_cli, search_cli, users_cli, mail_cli, orders_cli, payments_cli,
                  quotes_cli):
        app.cli.add_command(group)
