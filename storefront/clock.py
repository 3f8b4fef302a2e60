"""The one place that reads the clock, so tests can move time.

Times are stored as timezone-aware UTC; the business day (certificate validity, reports)
is the calendar day in Quảng Bình, i.e. Asia/Ho_Chi_Minh.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

LOCAL_TIMEZONE = ZoneInfo("Asia/Ho_Chi_Minh")


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def today() -> dt.date:
    """Today's date in Vietnam (UTC+7), which is what a certificate's dates refer to."""
    return utcnow().astimezone(LOCAL_TIMEZONE).date()
