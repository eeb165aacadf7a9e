"""Load test: 50 concurrent users on the national demo (≥ 5 M people) on PostgreSQL.

Runs gunicorn with the production settings (HOSO_DEBUG=0, hoso/gunicorn.conf.py, collected
static files, HTTPS seen through X-Forwarded-Proto) on a loopback port against its own database
(default ``hoso_load`` on 127.0.0.1:5432), then locust headless (bench/locustfile.py) for a
bounded time: searches, people lists (first page, one unit, a page further on), person pages,
home and unit pages, and saves (open the edit form, POST a change). Prints p50/p95 per kind,
failures and requests per second. Target: p95 ≤ 150 ms for reads, no failures.

Build the database once (about 5 minutes per 5 M people on an idle 2-core machine):

    createdb -h 127.0.0.1 -U postgres hoso_load
    HOSO_DATABASE_URL=postgres://postgres@127.0.0.1:5432/hoso_load \\
        .venv/bin/python manage.py migrate
    HOSO_DATABASE_URL=postgres://postgres@127.0.0.1:5432/hoso_load \\
        .venv/bin/python manage.py demo --people 5000000

then: ``.venv/bin/python bench/loadtest.py [--users 50] [--seconds 60] [--workers 4] [--runs 3]``.
The sample of people, units and names each account opens is drawn once (minutes on 5 M people:
``ORDER BY random()``) and kept in var/loadtest/sample-<database>.json, so every run replays the
same population; sessions and the edited records' versions are fresh for each run. With
``--runs N`` the locust phase runs N times against the same server and the medians are printed.
Figures only: nothing here fails a build. Not part of bench/run_all.py (the data takes minutes).
"""

import argparse
import csv
import json
import os
import random
import resource
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOAD_URL = os.environ.get("HOSO_LOADTEST_URL", "postgres://postgres@127.0.0.1:5432/hoso_load")
os.environ["HOSO_BENCH_POSTGRES_URL"] = LOAD_URL
OUT_DIR = ROOT / "var" / "loadtest"

from common import bench_user, percentile, print_table  # noqa: E402
from worker import SERVER_ENV, _free_port, _session_cookie  # noqa: E402

READS = ["tìm kiếm", "danh sách", "danh sách đơn vị", "danh sách trang sau", "hồ sơ",
         "trang chủ", "đơn vị", "sửa (mở form)"]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=1,
                        help="threads per gunicorn worker (gthread workers when > 1)")
    parser.add_argument("--runs", type=int, default=1, help="locust runs; medians are printed")
    parser.add_argument("--min-people", type=int, default=5_000_000)
    parser.add_argument("--think", type=float, nargs=2, default=[1.0, 3.0],
                        metavar=("MIN", "MAX"), help="think time between clicks, seconds")
    parser.add_argument("--alone", type=int, default=20,
                        help="first, this many requests per page kind one at a time (0: none)")
    return parser.parse_args()


def setup_django() -> None:
    os.environ.update(SERVER_ENV, HOSO_DATABASE_URL=LOAD_URL,
                      HOSO_STATIC_ROOT=str(OUT_DIR / "static"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hoso.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def ensure_static() -> None:
    if not (OUT_DIR / "static" / "staticfiles.json").exists():
        from django.core.management import call_command

        call_command("collectstatic", interactive=False, verbosity=0)


def _form(person) -> dict:
    """What the edit form posts for ``person`` unchanged (dates dd/mm/yyyy)."""
    def day(value):
        return value.strftime("%d/%m/%Y") if value else ""

    return {
        "full_name": person.full_name, "sex": person.sex, "cccd": person.cccd or "",
        "birth_day": person.birth_day or "", "birth_month": person.birth_month or "",
        "birth_year": person.birth_year or "", "party_status": person.party_status,
        "org_unit": person.org_unit_id, "classification": person.classification,
        "party_card_number": person.party_card_number or "", "hometown": person.hometown or "",
        "hometown_former": person.hometown_former or "", "birthplace": person.birthplace or "",
        "birthplace_former": person.birthplace_former or "",
        "party_admitted_on": day(person.party_admitted_on),
        "party_official_on": day(person.party_official_on),
    }


def draw_sample(people_count: int) -> dict:
    """The accounts (a national administrator and officers of 9 provinces) and, for each, 300
    random people (the first 100 opened, the rest edited), 100 units and 100 names to search
    (every third one its last two syllables only), drawn once per database and kept."""
    path = OUT_DIR / f"sample-{LOAD_URL.rsplit('/', 1)[-1]}.json"
    if path.exists():
        sample = json.loads(path.read_text())
        if sample["people_count"] == people_count:
            return sample
    from orgs.models import OrgUnit
    from people.models import Person

    rng = random.Random(2026)
    provinces = list(OrgUnit.objects.active().filter(kind="TINH_THANH").order_by("code")
                     .values_list("name", flat=True))
    accounts = [bench_user("ADMIN", None, 3)] + [
        bench_user("OFFICER", name.split(" ", 1)[-1], 1) for name in rng.sample(provinces, 9)]
    slots = []
    for user in accounts:
        people = list(Person.objects.visible_to(user).filter(classification=0)
                      .order_by("?")[:300].values_list("id", flat=True))
        units = list(OrgUnit.objects.visible_to(user).active().order_by("?")[:100]
                     .values_list("id", flat=True))
        names = [" ".join(folded.split()[-2:]) if number % 3 == 0 else folded for number, folded
                 in enumerate(Person.objects.filter(pk__in=people[:100])
                              .values_list("name_folded", flat=True))]
        slots.append({"user": user.pk, "people": people, "units": units, "names": names})
    sample = {"people_count": people_count, "slots": slots}
    path.write_text(json.dumps(sample, ensure_ascii=False))
    return sample


def make_plan(sample: dict, users: int, think: list[float]) -> dict:
    """Fresh sessions for the sample's accounts, the names, people and units each may open, and
    for every simulated user its own 5 people to edit (with their current version)."""
    from accounts.models import User
    from people.models import Person

    slots, edit_pool = [], []
    for slot in sample["slots"]:
        user = User.objects.get(pk=slot["user"])
        slots.append({"cookie": _session_cookie(user), "people": slot["people"],
                      "units": slot["units"], "names": slot["names"]})
        edit_pool.append(slot["people"][100:])
    edits = []
    for number in range(users):
        ids = edit_pool[number % len(slots)][(number // len(slots)) * 5:][:5]
        edits.append([{"id": p.pk, "version": p.version, "form": _form(p)}
                      for p in Person.objects.filter(pk__in=ids)])
    return {"slots": slots, "edits": edits, "think_min": think[0], "think_max": think[1]}


def start_gunicorn(port: int, workers: int, threads: int = 1) -> subprocess.Popen:
    env = dict(os.environ, HOSO_BIND=f"127.0.0.1:{port}", HOSO_WEB_WORKERS=str(workers),
               HOSO_WEB_THREADS=str(threads), HOSO_ACCESS_LOG="", HOSO_WEB_LOG_LEVEL="warning")
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "hoso/gunicorn.conf.py",
                               "hoso.wsgi"], cwd=ROOT, env=env)
    for _ in range(300):
        try:
            request = urllib.request.Request(f"http://127.0.0.1:{port}/health/",
                                             headers={"X-Forwarded-Proto": "https"})
            with urllib.request.urlopen(request, timeout=5) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


def _ticks(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime + stime, clock ticks
    except OSError:
        return 0


def cpu_ms(server: subprocess.Popen) -> dict[int, float]:
    """CPU time used so far (ms) by each gunicorn worker and each PostgreSQL backend serving the
    load database, by process id (negative for the backends): the cost of the requests, whatever
    else the machine is doing."""
    with open(f"/proc/{server.pid}/task/{server.pid}/children") as handle:
        workers = [int(pid) for pid in handle.read().split()]
    name = LOAD_URL.rsplit("/", 1)[-1]
    backends = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                title = (entry / "cmdline").read_bytes().decode(errors="replace")
            except OSError:
                continue
            if title.startswith("postgres:") and f" {name} " in title:
                backends.append(int(entry.name))
    tick = 1000 / os.sysconf("SC_CLK_TCK")
    return {**{pid: _ticks(pid) * tick for pid in workers},
            **{-pid: _ticks(pid) * tick for pid in backends}}


def cpu_spent(before: dict[int, float], after: dict[int, float]) -> tuple[float, float]:
    """(web, PostgreSQL) CPU ms between two ``cpu_ms`` readings."""
    spent = {pid: value - before.get(pid, 0.0) for pid, value in after.items()}
    return (sum(v for pid, v in spent.items() if pid > 0),
            sum(v for pid, v in spent.items() if pid < 0))


def _fetch(url: str, cookie: str) -> int:
    request = urllib.request.Request(url, headers={"Cookie": cookie, "X-Forwarded-Proto": "https"})
    with urllib.request.urlopen(request, timeout=60) as response:
        response.read()
        return response.status


def one_at_a_time(port: int, server, plan: dict, count: int, workers: int = 4) -> None:
    """Each page kind ``count`` times, one request at a time (no queueing): wall time, and the
    CPU the web workers and PostgreSQL spent per request.

    Fresh workers import modules, compile templates and load translations on their first
    requests (~150 ms of CPU each): every kind is first asked a few times concurrently, so each
    worker has served it, and not measured."""
    rng = random.Random(5)
    base = f"http://127.0.0.1:{port}"
    kinds = {
        "tìm kiếm": lambda s: "/nhan-su/?q=" + urllib.request.quote(rng.choice(s["names"])),
        "danh sách": lambda s: "/nhan-su/",
        "danh sách đơn vị": lambda s: f"/nhan-su/?unit={rng.choice(s['units'])}",
        "danh sách trang sau": lambda s: f"/nhan-su/?after={rng.choice(s['people'])}",
        "hồ sơ": lambda s: f"/nhan-su/{rng.choice(s['people'])}/",
        "trang chủ": lambda s: "/",
        "đơn vị": lambda s: f"/to-chuc/{rng.choice(s['units'])}/",
        "sửa (mở form)": lambda s: f"/nhan-su/{rng.choice(s['people'])}/sua/",
    }
    with ThreadPoolExecutor(workers) as pool:
        for make in kinds.values():
            slots = [plan["slots"][n % len(plan["slots"])] for n in range(2 * workers)]
            list(pool.map(lambda slot, make=make: _fetch(base + make(slot), slot["cookie"]),
                          slots))
    rng.seed(5)
    rows = []
    for kind, make in kinds.items():
        walls, statuses = [], set()
        before = cpu_ms(server)
        for number in range(count):
            slot = plan["slots"][number % len(plan["slots"])]
            start = time.perf_counter()
            statuses.add(_fetch(base + make(slot), slot["cookie"]))
            walls.append((time.perf_counter() - start) * 1000)
        web, db = cpu_spent(before, cpu_ms(server))
        rows.append([kind, count, percentile(walls, 0.5), percentile(walls, 0.95),
                     web / count, db / count,
                     " ".join(map(str, sorted(statuses)))])
    print_table("One request at a time (wall ms; CPU ms per request of the web worker and of "
                "PostgreSQL)", ["kind", "requests", "p50 ms", "p95 ms", "web CPU ms",
                                "PostgreSQL CPU ms", "status"], rows)


def _cpu_of_children_ms() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (usage.ru_utime + usage.ru_stime) * 1000


class CpuSampler(threading.Thread):
    """Reads ``cpu_ms`` every half second and keeps each process's last value: a PostgreSQL
    backend that closes during the run (persistent connections are recycled after
    HOSO_DB_CONN_MAX_AGE) still counts with what it had used."""

    def __init__(self, server):
        super().__init__(daemon=True)
        self.server, self.seen, self.done = server, cpu_ms(server), threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.5):
            self.seen.update(cpu_ms(self.server))

    def stop(self) -> dict[int, float]:
        self.done.set()
        self.join()
        self.seen.update(cpu_ms(self.server))
        return self.seen


def run_locust(port: int, server, args, plan_path: Path, prefix: Path) -> dict:
    """One locust run; CPU ms of the web workers, PostgreSQL and locust itself (a child that has
    exited, so RUSAGE_CHILDREN holds it; gunicorn is reaped only at the end)."""
    before, locust_before = cpu_ms(server), _cpu_of_children_ms()
    sampler = CpuSampler(server)
    sampler.start()
    with open(f"{prefix}_summary.txt", "w", encoding="utf-8") as summary:
        subprocess.run(
            [sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py"),
             "--headless", "--users", str(args.users), "--spawn-rate", str(args.users),
             "--run-time", f"{args.seconds}s", "--host", f"http://127.0.0.1:{port}",
             "--csv", str(prefix), "--only-summary", "--loglevel", "WARNING",
             "--stop-timeout", "10"],
            cwd=ROOT, env=dict(os.environ, HOSO_LOADTEST_PLAN=str(plan_path)), check=False,
            stdout=summary, stderr=subprocess.STDOUT,
        )
    web, db = cpu_spent(before, sampler.stop())
    return {"web": web, "db": db, "locust": _cpu_of_children_ms() - locust_before}


def read_run(prefix: Path, cpu: dict, load: float) -> dict:
    """Per kind: requests, failures, p50, p95, p99, max, req/s; CPU ms per request."""
    with open(f"{prefix}_stats.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    kinds = {}
    for row in rows:
        kind = row["Name"] if row["Name"] != "Aggregated" else "tất cả"
        kinds[kind] = [int(row["Request Count"]), int(row["Failure Count"]),
                       float(row["50%"]), float(row["95%"]), float(row["99%"]),
                       float(row["Max Response Time"]), float(row["Requests/s"])]
    total = max(kinds.get("tất cả", [0])[0], 1)
    failures = Path(f"{prefix}_failures.csv")
    return {"kinds": kinds, "load": load, "failures_text": failures.read_text()
            if failures.exists() and failures.read_text().count("\n") > 1 else "",
            **{f"{name}_ms": value / total for name, value in cpu.items()}}


def _title(args) -> str:
    return (f"{args.users} users, {args.seconds} s, think time {args.think[0]}–{args.think[1]} s, "
            f"gunicorn {args.workers} workers × {args.threads} threads, "
            f"PostgreSQL {LOAD_URL.rsplit('/', 1)[-1]}")


def report(run: dict, args, number: int) -> None:
    print(f"\nRun {number}: load average before {run['load']:.2f}; CPU per request: web "
          f"{run['web_ms']:.1f} ms, PostgreSQL {run['db_ms']:.1f} ms, locust {run['locust_ms']:.1f} ms")
    print_table(_title(args),
                ["kind", "requests", "failures", "p50 ms", "p95 ms", "p99 ms", "max ms", "req/s"],
                [[kind, *values] for kind, values in run["kinds"].items()])
    if run["failures_text"]:
        print(run["failures_text"])


def report_medians(runs: list[dict], args) -> None:
    """Medians over the runs (failures summed): the figures to quote."""
    median = statistics.median
    kinds = list(runs[0]["kinds"])
    rows = []
    for kind in kinds:
        values = [run["kinds"][kind] for run in runs if kind in run["kinds"]]
        rows.append([kind, median(v[0] for v in values), sum(v[1] for v in values),
                     median(v[2] for v in values), median(v[3] for v in values),
                     median(v[6] for v in values)])
    print_table(f"Medians over {len(runs)} runs — " + _title(args),
                ["kind", "requests", "failures (sum)", "p50 ms", "p95 ms", "req/s"], rows)
    print("CPU per request (median): web {:.1f} ms, PostgreSQL {:.1f} ms, locust {:.1f} ms; "
          "load average before the runs: {}".format(
              median(r["web_ms"] for r in runs), median(r["db_ms"] for r in runs),
              median(r["locust_ms"] for r in runs),
              ", ".join(f"{r['load']:.2f}" for r in runs)))
    reads = [row for row in rows if row[0] in READS]
    if reads:
        worst = max(reads, key=lambda row: row[4])
        failures = sum(row[2] for row in rows if row[0] != "tất cả")
        print(f"worst read p95 (median): {worst[0]} {worst[4]:.0f} ms (target ≤ 150 ms); "
              f"failures: {failures}")


def main() -> None:
    args = parse_args()
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    setup_django()
    from people.models import Person

    people = Person.objects.count()
    if people < args.min_people:
        raise SystemExit(f"{LOAD_URL} holds {people:,} people, fewer than {args.min_people:,}: "
                         "build it first (see the module docstring).")
    print(f"database: {people:,} people")
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)  # the code may be newer than the data
    ensure_static()
    sample = draw_sample(people)
    plan_path = OUT_DIR / "plan.json"
    from django.db import connections

    port = _free_port()
    server = start_gunicorn(port, args.workers, args.threads)
    prefix = OUT_DIR / "locust"
    runs = []
    try:
        for number in range(1, args.runs + 1):
            # Fresh sessions and the edited records' current versions (the last run saved them).
            plan_path.write_text(json.dumps(make_plan(sample, args.users, args.think),
                                            ensure_ascii=False))
            connections.close_all()
            if args.alone and number == 1:
                one_at_a_time(port, server, json.loads(plan_path.read_text()), args.alone,
                              args.workers)
            load = os.getloadavg()[0]
            cpu = run_locust(port, server, args, plan_path, prefix)
            runs.append(read_run(prefix, cpu, load))
            report(runs[-1], args, number)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    if len(runs) > 1:
        report_medians(runs, args)
    print("load average of the machine (1, 5, 15 min) at the end: "
          + ", ".join(f"{value:.1f}" for value in os.getloadavg()))


if __name__ == "__main__":
    main()
