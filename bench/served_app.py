"""The storefront and bench/trivial_app.py's route served by one gunicorn, for wrk runs.

    gunicorn -c gunicorn.conf.py bench.served_app:app     (cwd: the project root)

``/_trivial/`` is the trivial Flask app; every other path is the storefront (wsgi:app).
They are joined with werkzeug's DispatcherMiddleware rather than by adding a route to the
storefront: a storefront route would run the storefront's request hooks (page-cache
generation query, locale, session, limiter), so it would no longer be the cheapest Flask
response. Dispatching at the WSGI level keeps both in the same worker processes, under the
same gunicorn settings and the same CPU contention, which is what makes the ratio
page / trivial meaningful.
"""

from __future__ import annotations

import sys
from pathlib import Path

from werkzeug.middleware.dispatcher import DispatcherMiddleware

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from trivial_app import app as trivial  # noqa: E402

from wsgi import app as storefront  # noqa: E402

app = DispatcherMiddleware(storefront, {"/_trivial": trivial})
