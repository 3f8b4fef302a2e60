"""Run localstripe (a fake Stripe API, from PyPI) on 127.0.0.1 for the tests.

    python -m tests.support.localstripe_server PORT

Its own CLI listens on every interface and pickles its state to /tmp/localstripe.pickle;
here it listens on 127.0.0.1 only and keeps its state in memory. Two gaps between
localstripe and Stripe are filled so the app's real requests work unchanged:

* PaymentIntents accept ``receipt_email`` (Stripe does; localstripe answers 400) and keep
  it, so tests can check it was sent;
* ``Idempotency-Key`` is honoured: a POST repeated with the same key gets the first
  answer back instead of creating a second object, as on Stripe;
* after a declined card, the same PaymentIntent takes another card and can be confirmed
  again, as on Stripe (localstripe keeps the failed charge and refuses).
"""

from __future__ import annotations

import sys

from aiohttp import web
from localstripe import resources
from localstripe.server import app

resources.store.dump_to_disk = lambda: None

_original_intent_init = resources.PaymentIntent.__init__


def _intent_init(self, *args, receipt_email=None, **kwargs):
    _original_intent_init(self, *args, **kwargs)
    self.receipt_email = receipt_email


resources.PaymentIntent.__init__ = _intent_init
_original_intent_update = resources.PaymentIntent._api_update.__func__


def _intent_update(cls, id, **data):
    intent = cls._api_retrieve(id)
    if "payment_method" in data and intent.latest_charge is not None \
            and intent.latest_charge.status == "failed":
        intent.latest_charge = None  # a new attempt with another card
    return _original_intent_update(cls, id, **data)


resources.PaymentIntent._api_update = classmethod(_intent_update)

_answers: dict[tuple[str, str], tuple[int, bytes]] = {}


@web.middleware
async def idempotency(request, handler):
    key = request.headers.get("Idempotency-Key")
    if request.method != "POST" or not key:
        return await handler(request)
    remembered = _answers.get((request.path, key))
    if remembered is not None:
        status, body = remembered
        return web.Response(status=status, body=body, content_type="application/json",
                            headers={"Idempotent-Replayed": "true"})
    response = await handler(request)
    if 200 <= response.status < 300 and isinstance(response, web.Response):
        _answers[(request.path, key)] = (response.status, response.body)
    return response


app.middlewares.insert(0, idempotency)

if __name__ == "__main__":
    web.run_app(app, host="127.0.0.1", port=int(sys.argv[1]), print=None)
