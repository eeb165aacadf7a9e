"""Web worker memory: start gunicorn (2 workers) on a loopback port against the bench database,
drive a bounded number of requests (search, person pages, org tree) from a small client, and
read VmRSS of the worker processes from /proc, against their idle size right after start.

Usage: bench/worker.py --engine sqlite|postgres [--runs 3] [--requests 200]
"""

import os
import random
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from common import (
    ROOT,
    bench_user,
    database_url,
    ensure_loaded,
    median,
    parse_args,
    percentile,
    print_table,
    setup_django,
    timed,
)

# gunicorn and this process must agree on the signing key, or the session is not accepted.
SERVER_ENV = {"HOSO_DEBUG": "0", "HOSO_SECRET_KEY": "bench-only-key-not-a-secret-0123456789",
              "HOSO_FIELD_KEY": "00" * 32,  # the development key the demo data was loaded with
              "HOSO_SSL_REDIRECT": "0", "HOSO_ALLOWED_HOSTS": "127.0.0.1"}
CONCURRENCY = 4


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _session_cookie(user) -> str:
    """A signed-in session for ``user``, made the way django.contrib.auth.login makes one."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


PAGE_KINDS = ["tìm kiếm /nhan-su/?q=", "hồ sơ /nhan-su/<id>/", "đơn vị /to-chuc/<id>/",
              "cây /to-chuc/", "trang chủ /"]


def _paths(count: int) -> list[str]:
    """A request mix: name searches, person pages, org pages, home (PAGE_KINDS, in turn)."""
    from orgs.models import OrgUnit
    from people.models import Person

    rng = random.Random(7)
    people = list(Person.objects.filter(classification=0).order_by("?")[:100]
                  .values_list("id", "name_folded"))
    units = list(OrgUnit.objects.order_by("?")[:50].values_list("id", flat=True))
    paths = []
    for number in range(count):
        person_id, folded = rng.choice(people)
        paths.append([
            f"/nhan-su/?q={urllib.request.quote(folded)}", f"/nhan-su/{person_id}/",
            f"/to-chuc/{rng.choice(units)}/", "/to-chuc/", "/",
        ][number % 5])
    return paths


def _worker_pids(master: int) -> list[int]:
    with open(f"/proc/{master}/task/{master}/children") as handle:
        return [int(pid) for pid in handle.read().split()]


def _rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    # A redirect (e.g. to the login page) must show as 302 in the table, not as its target's 200.
    def redirect_request(self, *args, **kwargs):
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def _get(base: str, cookie: str, path: str) -> int:
    request = urllib.request.Request(base + path, headers={"Cookie": cookie})
    try:
        with _OPENER.open(request, timeout=30) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def _one_at_a_time(base: str, cookie: str, paths: list[str]) -> dict[str, list[float]]:
    """Latency of each page kind with no concurrency (the page's own cost, no queueing)."""
    alone: dict[str, list[float]] = {}
    for number, path in enumerate(paths):
        alone.setdefault(PAGE_KINDS[number % 5], []).append(timed(_get, base, cookie, path)[0])
    return alone


def _start(port: int, engine: str) -> subprocess.Popen:
    env = dict(os.environ, HOSO_DATABASE_URL=database_url(engine), **SERVER_ENV)
    return subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "hoso.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", "2", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )


def _wait_ready(base: str) -> None:
    for _ in range(150):
        try:
            if _get(base, "", "/health/") == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit("gunicorn did not answer on " + base)


def main() -> None:
    args = parse_args(__doc__, lambda p: p.add_argument("--requests", type=int, default=200))
    os.environ.update(SERVER_ENV)
    setup_django(args.engine)
    ensure_loaded(args.people)
    cookie = _session_cookie(bench_user("ADMIN", None, 3))
    paths = _paths(args.requests)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = _start(port, args.engine)
    try:
        _wait_ready(base)
        idle = [_rss_mb(pid) for pid in _worker_pids(server.pid)]
        alone = _one_at_a_time(base, cookie, paths[:25])
        rows = []
        by_kind: dict[str, list[float]] = {}
        for run in range(1, args.runs + 1):
            latencies, statuses = [], {}
            start = time.perf_counter()
            with ThreadPoolExecutor(CONCURRENCY) as pool:
                results = pool.map(lambda p: timed(_get, base, cookie, p), paths)
                for number, (ms, status) in enumerate(results):
                    latencies.append(ms)
                    by_kind.setdefault(PAGE_KINDS[number % 5], []).append(ms)
                    statuses[status] = statuses.get(status, 0) + 1
            seconds = time.perf_counter() - start
            rss = [_rss_mb(pid) for pid in _worker_pids(server.pid)]
            rows.append([run, len(paths) / seconds, percentile(latencies, 0.5),
                         percentile(latencies, 0.95), max(rss), median(idle),
                         " ".join(f"{k}:{v}" for k, v in sorted(statuses.items()))])
        rows.append(["median", median([r[1] for r in rows]), median([r[2] for r in rows]),
                     median([r[3] for r in rows]), median([r[4] for r in rows]), median(idle), ""])
        print_table(
            f"gunicorn 2 workers, {args.engine}, {CONCURRENCY} concurrent clients, "
            f"{len(paths)} requests per run (search, person, unit, tree, home)",
            ["run", "req/s", "p50 ms", "p95 ms", "worker RSS MB (max)", "idle worker RSS MB",
             "status codes"],
            rows,
        )
        print_table(
            "Latency by page kind, ms: one request at a time, then under the load above",
            ["page", "alone p50", "loaded p50", "loaded p95"],
            [[kind, median(alone[kind]), percentile(v, 0.5), percentile(v, 0.95)]
             for kind, v in by_kind.items()],
        )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
