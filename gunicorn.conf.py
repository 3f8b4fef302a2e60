"""gunicorn settings for production (``make run-prod`` uses them locally).

Every value can be changed from the environment without editing this file.
"""

import multiprocessing
import os

bind = os.environ.get("STOREFRONT_BIND", "127.0.0.1:8000")
# One thread per worker, and a worker more than twice the cores so one always has the CPU
# while others wait on PostgreSQL. Several threads per worker crashed workers with
# SIGSEGV under load here (memory corruption inside libpython; not caused by psycopg's or
# SQLAlchemy's compiled modules — docs/benchmarks.md, "Soak"): until that is understood,
# processes rather than threads carry the concurrency.
workers = int(os.environ.get("STOREFRONT_WORKERS", min(multiprocessing.cpu_count() * 2 + 1, 9)))
threads = int(os.environ.get("STOREFRONT_THREADS", 1))
worker_class = "gthread"
timeout = int(os.environ.get("STOREFRONT_TIMEOUT", 30))  # a stuck request is killed
graceful_timeout = 30  # finish what is in flight on reload or shutdown
keepalive = 5  # the proxy keeps connections open
# Restart each worker now and then: a slow leak can never grow without bound.
max_requests = int(os.environ.get("STOREFRONT_MAX_REQUESTS", 5000))
max_requests_jitter = max_requests // 10
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # heartbeat off the disk
accesslog = None  # the app writes its own access lines (with request ids) when LOG_FORMAT=json
errorlog = "-"
loglevel = os.environ.get("STOREFRONT_LOG_LEVEL", "info")
forwarded_allow_ips = os.environ.get("STOREFRONT_FORWARDED_ALLOW_IPS", "127.0.0.1")
