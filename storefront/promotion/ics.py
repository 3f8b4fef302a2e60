"""An iCalendar (RFC 5545) file for one event, for phones' and desktops' calendars.

Fairs last whole days, so the event is an all-day one: DTEND is the day *after* the last
day, as the standard says. Text is escaped and lines are folded at 75 octets.
"""

from __future__ import annotations

import datetime as dt

from storefront.clock import utcnow

PRODID = "-//OCOP Quang Binh//Trade events//VI"


def event_calendar(*, uid: str, name: str, starts_on: dt.date, ends_on: dt.date, place: str,
                   description: str, url: str) -> str:
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH", "BEGIN:VEVENT", f"UID:{uid}",
        f"DTSTAMP:{utcnow().strftime('%Y%m%dT%H%M%SZ')}",
        f"DTSTART;VALUE=DATE:{starts_on.strftime('%Y%m%d')}",
        f"DTEND;VALUE=DATE:{(ends_on + dt.timedelta(days=1)).strftime('%Y%m%d')}",
        f"SUMMARY:{escape(name)}",
    ]
    if place:
        lines.append(f"LOCATION:{escape(place)}")
    if description:
        lines.append(f"DESCRIPTION:{escape(description)}")
    lines += [f"URL:{url}", "END:VEVENT", "END:VCALENDAR"]
    return "".join(fold(line) + "\r\n" for line in lines)


def escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\n").replace("\n", "\\n"))


def fold(line: str, limit: int = 75) -> str:
    """Split a content line into ≤75-octet pieces, never inside a UTF-8 character."""
    pieces, current = [], b""
    for char in line:
        encoded = char.encode()
        budget = limit if not pieces else limit - 1  # continuation lines start with a space
        if len(current) + len(encoded) > budget:
            pieces.append(current.decode())
            current = b""
        current += encoded
    pieces.append(current.decode())
    return "\r\n ".join(pieces)
