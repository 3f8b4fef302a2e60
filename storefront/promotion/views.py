"""Public pages: ``/<lang>/collections/<slug>``, ``/<lang>/events`` and each event with its
iCalendar file."""

from __future__ import annotations

from flask import Blueprint, Response, abort, g, render_template, request
from flask_login import current_user

from storefront.clock import today
from storefront.links import external_url
from storefront.page_cache import shared_page
from storefront.pagination import requested_page
from storefront.promotion import ics, queries

bp = Blueprint("promotion", __name__, template_folder="templates")
PAST_EVENTS_PAGE = 12


@bp.get("/collections/<slug>")
@shared_page
def collection(slug: str):
    item = queries.collection_by_slug(slug)
    day = today()
    # A collection that has not started is the office's draft; one that ended says so.
    if item is None or (item.starts_on and item.starts_on > day and not _is_office()):
        abort(404)
    return render_template("promotion/collection.html", collection=item,
                           text=item.text(g.lang), products=queries.shown_products(item),
                           today=day)


@bp.get("/events")
@shared_page
def events():
    day = today()
    past = queries.past_events(day, requested_page(), PAST_EVENTS_PAGE)
    if past.page > past.pages:
        abort(404)
    return render_template("promotion/events.html", upcoming=queries.upcoming_events(day)
                           if past.page == 1 else [], past=past, today=day)


@bp.get("/events/<slug>")
@shared_page
def event(slug: str):
    item = _visible_event(slug)
    return render_template("promotion/event.html", event=item, text=item.text(g.lang),
                           today=today())


@bp.get("/events/<slug>.ics")
def event_calendar(slug: str):
    item = _visible_event(slug)
    text = item.text(g.lang)
    body = ics.event_calendar(
        uid=f"event-{item.id}@{request.host.split(':')[0]}", name=text.name,
        starts_on=item.starts_on, ends_on=item.ends_on, place=text.place,
        description=text.description,
        url=external_url("promotion.event", lang=g.lang, slug=item.slug))
    return Response(body, mimetype="text/calendar", headers={
        "Content-Disposition": f'attachment; filename="{item.slug}.ics"'})


def _visible_event(slug: str):
    item = queries.event_by_slug(slug)
    if item is None or (not item.published and not _is_office()):
        abort(404)
    return item


def _is_office() -> bool:
    return current_user.is_authenticated and current_user.role == "admin"
