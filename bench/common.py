"""Shared helpers for the benchmarks: pick the engine, set Django up, build the 1 M database.

Each bench script runs against one engine per process (Django reads the database URL once):
``--engine sqlite`` uses var/bench/hoso_bench.sqlite3, ``--engine postgres`` the database
hoso_bench on 127.0.0.1:5432 (HOSO_BENCH_POSTGRES_URL overrides). Figures only: nothing here
fails a build.
"""

import argparse
import os
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
SQLITE_PATH = BENCH_DIR / "hoso_bench.sqlite3"
POSTGRES_URL = os.environ.get("HOSO_BENCH_POSTGRES_URL",
                              "postgres://postgres@127.0.0.1:5432/hoso_bench")
DEFAULT_PEOPLE = 1_000_000
BENCH_PASSWORD = "hoso-bench-2026"


def parse_args(description: str, extra=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--engine", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--people", type=int, default=DEFAULT_PEOPLE)
    parser.add_argument("--runs", type=int, default=3)
    if extra:
        extra(parser)
    return parser.parse_args()


def database_url(engine: str) -> str:
    if engine == "postgres":
        return POSTGRES_URL
    return f"sqlite:///{SQLITE_PATH}"


def setup_django(engine: str) -> None:
    """Point hoso at the bench database of ``engine`` and set Django up."""
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    os.environ["HOSO_DATABASE_URL"] = database_url(engine)
    os.environ.setdefault("HOSO_DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hoso.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def postgres_available() -> bool:
    import psycopg

    url = POSTGRES_URL.replace("postgres://", "postgresql://", 1).rsplit("/", 1)[0] + "/postgres"
    try:
        psycopg.connect(url, connect_timeout=3).close()
    except Exception:  # noqa: BLE001 - any failure means "skip PostgreSQL"
        return False
    return True


def drop_database(engine: str) -> None:
    """Remove the bench database so the next setup starts empty."""
    if engine == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)
        return
    import psycopg

    base, name = POSTGRES_URL.replace("postgres://", "postgresql://", 1).rsplit("/", 1)
    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def people_count() -> int:
    from people.models import Person

    try:
        return Person.objects.count()
    except Exception:  # noqa: BLE001 - no schema yet
        return -1


def migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def ensure_loaded(people: int) -> None:
    """Reuse the bench database when it holds ``people`` people; else build it (needs setup)."""
    if people_count() >= people:
        return
    from django.db import connection

    if people_count() != -1:
        raise SystemExit(
            f"The bench database holds {people_count()} people, fewer than {people}: "
            "run bench/load.py first (it rebuilds it)."
        )
    connection.close()
    migrate()
    from core.demo.load import load_demo

    load_demo(people=people)


def bench_user(role: str = "ADMIN", province: str | None = None, clearance: int = 3):
    """A user for the benchmarks (national by default), created once."""
    from accounts.models import User
    from orgs.models import OrgUnit

    units = OrgUnit.objects.active()
    unit = (units.filter(kind="TW").first() if province is None
            else units.filter(kind="TINH_THANH", name__endswith=province).first())
    username = f"bench.{role.lower()}.{unit.pk}"
    user, created = User.objects.get_or_create(
        username=username, defaults={"role": role, "clearance": clearance, "org_unit": unit},
    )
    if created:
        user.set_password(BENCH_PASSWORD)
        user.save()
    return user


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def timed(func, *args, **kwargs) -> tuple[float, object]:
    """(milliseconds, result) of one call."""
    start = time.perf_counter()
    result = func(*args, **kwargs)
    return (time.perf_counter() - start) * 1000, result


def peak_rss_mb(who=resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def print_table(title: str, header: list[str], rows: list[list]) -> None:
    """A small fixed-width table (markdown-compatible, so it can be pasted into the README)."""
    cells = [header] + [[_fmt(v) for v in row] for row in rows]
    widths = [max(len(str(row[i])) for row in cells) for i in range(len(header))]
    print(f"\n{title}")
    print("| " + " | ".join(str(h).ljust(w) for h, w in zip(header, widths, strict=True)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in cells[1:]:
        print("| " + " | ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)) + " |")
    sys.stdout.flush()


def _fmt(value) -> str:
    if isinstance(value, float):
        return f"{value:,.2f}" if value < 100 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)
