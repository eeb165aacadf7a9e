"""gunicorn settings of production: ``gunicorn -c hoso/gunicorn.conf.py hoso.wsgi``.

Everything comes from the environment (docs/production.md):

- ``HOSO_BIND`` (default ``127.0.0.1:8000``): the reverse proxy in front terminates TLS and talks
  to this address; never expose it on the network.
- ``HOSO_WEB_WORKERS`` (default 2 × cores + 1): worker processes, each ≤ ~100 MB resident.
- ``HOSO_WEB_THREADS`` (default 1): threads per worker (sync workers when 1).
- ``HOSO_WEB_TIMEOUT`` (default 60 s): a request taking longer is killed and logged; long work
  (reports, imports, exports) runs in the ``db_worker`` process, not in a request.
- ``HOSO_WEB_MAX_REQUESTS`` (default 2000): a worker is replaced after this many requests (with
  jitter), which bounds memory growth.
- ``HOSO_FORWARDED_ALLOW_IPS`` (default ``127.0.0.1``): addresses of the proxy allowed to set
  X-Forwarded-* headers.
"""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


bind = os.environ.get("HOSO_BIND", "127.0.0.1:8000")
workers = _int("HOSO_WEB_WORKERS", 2 * multiprocessing.cpu_count() + 1)
threads = _int("HOSO_WEB_THREADS", 1)
worker_class = "gthread" if threads > 1 else "sync"
timeout = _int("HOSO_WEB_TIMEOUT", 60)
graceful_timeout = 30
keepalive = 5
max_requests = _int("HOSO_WEB_MAX_REQUESTS", 2000)
max_requests_jitter = max_requests // 10
forwarded_allow_ips = os.environ.get("HOSO_FORWARDED_ALLOW_IPS", "127.0.0.1")
# Request line and headers: generous for search queries, small enough to refuse abuse.
limit_request_line = 8190
limit_request_fields = 100
# Logs to stdout/stderr: the service manager (systemd journal) keeps them.
accesslog = os.environ.get("HOSO_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("HOSO_WEB_LOG_LEVEL", "info")
# The access log carries no query string (searches hold names and CCCD numbers).
access_log_format = '%(h)s %(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
proc_name = "hoso"
# Workers load the application themselves: no database connection is shared across a fork.
preload_app = False
