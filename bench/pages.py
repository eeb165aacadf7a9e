"""Latency of every page, one request at a time, for a national admin and a province officer.

Starts gunicorn (2 workers) against the bench database, signs in two bench users (the national
administrator and an officer of Hà Nội) and requests each page kind in turn: home, people list
without a query (first page and one after a random person), people list of one unit, unit page (the scope root
and random units in scope), tree, children fragment, audit list, person page, search.
Prints p50 and p95 per page and user. Figures only: nothing here fails a build.

Usage: bench/pages.py --engine sqlite|postgres [--runs 3] [--requests 20]
"""

import os
import random
import signal
import time
import urllib.request

from common import (
    bench_user,
    ensure_loaded,
    median,
    parse_args,
    percentile,
    print_table,
    setup_django,
)
from worker import SERVER_ENV, _free_port, _get, _session_cookie, _start, _wait_ready

HX = {"HX-Request": "true"}


def _get_hx(base: str, cookie: str, path: str) -> int:
    request = urllib.request.Request(base + path, headers={"Cookie": cookie, **HX})
    with urllib.request.urlopen(request, timeout=30) as response:
        response.read()
        return response.status


def _pages(user, count: int) -> dict[str, list[tuple[str, bool]]]:
    """Per page kind, ``count`` (path, is_htmx) requests in the user's scope."""
    from orgs.models import OrgUnit
    from people.models import Person

    rng = random.Random(11)
    units = OrgUnit.objects.visible_to(user)
    unit_ids = list(units.order_by("?")[:50].values_list("id", flat=True))
    parents = list(units.filter(depth__lte=user.org_unit.depth + 1).values_list("id", flat=True))
    people = list(Person.objects.visible_to(user).filter(classification=0).order_by("?")[:50]
                  .values_list("id", "name_folded"))
    root = user.org_unit_id
    kinds = {
        "trang chủ /": lambda: ("/", False),
        "danh sách /nhan-su/": lambda: ("/nhan-su/", False),
        "danh sách ?after=": lambda: (f"/nhan-su/?after={rng.choice(people)[0]}", False),
        "danh sách ?unit=": lambda: (f"/nhan-su/?unit={rng.choice(parents)}", False),
        "đơn vị gốc": lambda: (f"/to-chuc/{root}/", False),
        "đơn vị ngẫu nhiên": lambda: (f"/to-chuc/{rng.choice(unit_ids)}/", False),
        "cây /to-chuc/": lambda: ("/to-chuc/", False),
        "con (htmx)": lambda: (f"/to-chuc/{rng.choice(parents)}/con/", True),
        "nhật ký /nhat-ky/": lambda: ("/nhat-ky/", False),
        "hồ sơ": lambda: (f"/nhan-su/{rng.choice(people)[0]}/", False),
        "tìm kiếm": lambda: (f"/nhan-su/?q={urllib.request.quote(rng.choice(people)[1])}", False),
    }
    return {kind: [make() for _ in range(count)] for kind, make in kinds.items()}


def main() -> None:
    args = parse_args(__doc__, lambda p: p.add_argument("--requests", type=int, default=20))
    os.environ.update(SERVER_ENV)
    setup_django(args.engine)
    ensure_loaded(args.people)
    users = {"admin TW": bench_user("ADMIN", None, 3),
             "cán bộ Hà Nội": bench_user("OFFICER", "Hà Nội", 1)}
    plans = {label: (_session_cookie(user), _pages(user, args.requests))
             for label, user in users.items()}
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = _start(port, args.engine)
    try:
        _wait_ready(base)
        results: dict[tuple[str, str], list[list[float]]] = {}
        statuses: dict[tuple[str, str], set] = {}
        for _run in range(args.runs):
            for label, (cookie, pages) in plans.items():
                for kind, paths in pages.items():
                    times = []
                    for path, htmx in paths:
                        start = time.perf_counter()
                        status = (_get_hx if htmx else _get)(base, cookie, path)
                        times.append((time.perf_counter() - start) * 1000)
                        statuses.setdefault((label, kind), set()).add(status)
                    results.setdefault((label, kind), []).append(times)
        rows = []
        for (label, kind), runs in results.items():
            rows.append([label, kind, median([percentile(t, 0.5) for t in runs]),
                         median([percentile(t, 0.95) for t in runs]),
                         max(max(t) for t in runs),
                         " ".join(str(s) for s in sorted(statuses[(label, kind)]))])
        print_table(
            f"Pages one at a time, {args.engine}, gunicorn 2 workers, {args.requests} requests "
            f"per page and run, median of {args.runs} runs (ms)",
            ["user", "page", "p50", "p95", "max", "status"], rows,
        )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
