"""gunicorn's settings for cxlab: `gunicorn cxlab.wsgi` reads this file from the working
directory. Every value can be overridden from the environment or the command line."""

import gc
import multiprocessing
import os

from gunicorn.glogging import Logger

from cxlab.logs import without_links

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
# Synchronous workers: Django's ORM is synchronous, and every request is short (reports read
# pre-aggregated figures; PDFs of whole organisations go to the background worker).
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
# Behind a load balancer: trust its X-Forwarded-* headers (set to its address if known).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "*")
accesslog = "-"  # standard output, like the application's own log
errorlog = "-"


class AccessLog(Logger):
    """gunicorn's access log, with no survey link in any field of a line."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {key: without_links(v) if isinstance(v, str) else v for key, v in atoms.items()}


logger_class = AccessLog


def post_worker_init(worker):
    """Leave the objects of the loaded application out of the garbage collector's full
    passes: they live as long as the worker, and an organisation report allocates enough
    to set off several passes, each of which would otherwise walk them all. And collect the
    youngest objects every 50,000 allocations rather than 700: a report of 300 teams
    allocates hundreds of thousands of short-lived figures, nearly none in cycles (measured
    on one: median 201 → 162 ms, p95 224 → 177 ms; docs/benchmarks.md)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)
