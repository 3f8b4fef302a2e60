"""gunicorn settings for production (``make run-prod`` uses them locally).

Every value can be changed from the environment without editing this file.
"""

import faulthandler
import multiprocessing
import os

bind = os.environ.get("STOREFRONT_BIND", "127.0.0.1:8000")
# Workers for the cores, one thread each. Threads used to crash workers with SIGSEGV:
# CPython 3.11's garbage collector, run in the middle of an attribute store, let
# SQLAlchemy's weakref callbacks free memory still in use. storefront.collector moves
# collection between requests, which makes threads safe (docs/deployment.md, "Threads and
# the garbage collector") -- but measured since, on two cores, they lose throughput: 4 × 4
# served 23 req/s of the soak's traffic where 4 × 1 served 37 (docs/benchmarks.md).
workers = int(os.environ.get("STOREFRONT_WORKERS", min(multiprocessing.cpu_count() + 1, 9)))
threads = int(os.environ.get("STOREFRONT_THREADS", 1))
worker_class = "gthread"
timeout = int(os.environ.get("STOREFRONT_TIMEOUT", 30))  # a stuck request is killed
graceful_timeout = 30  # finish what is in flight on reload or shutdown
keepalive = 5  # the proxy keeps connections open
# Restart each worker now and then: a slow leak can never grow without bound.
max_requests = int(os.environ.get("STOREFRONT_MAX_REQUESTS", 5000))
max_requests_jitter = max_requests // 10
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # heartbeat off the disk
# The app writes its own access lines (with request ids) when LOG_FORMAT=json; `make run`
# asks gunicorn for plain ones on stdout ("-").
accesslog = os.environ.get("STOREFRONT_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("STOREFRONT_LOG_LEVEL", "info")
forwarded_allow_ips = os.environ.get("STOREFRONT_FORWARDED_ALLOW_IPS", "127.0.0.1")


def post_fork(server, worker):
    """A worker killed by a signal prints where each thread was (on stderr, into the log);
    the master then logs "Worker (pid:…) was sent SIGSEGV!" and starts a new one."""
    faulthandler.enable(all_threads=True)
