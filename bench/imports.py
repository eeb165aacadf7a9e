"""Import speed: a people file (CSV and XLSX, stream-written) through the dry run and the fast
path, rows/s and peak memory per import.

Uses its own databases so it collides with no other bench: var/bench/import.sqlite3 and
hoso_bench_import on PostgreSQL (HOSO_BENCH_IMPORT_POSTGRES_URL overrides). Each import runs in
a child process, so its peak RSS is the import's own.
Usage: bench/imports.py --engine sqlite|postgres [--rows 1000000] [--runs 1] [--formats csv,xlsx]
"""

import argparse
import datetime as dt
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

from common import BENCH_DIR, POSTGRES_URL, ROOT, print_table

SQLITE_PATH = BENCH_DIR / "import.sqlite3"
PG_URL = os.environ.get("HOSO_BENCH_IMPORT_POSTGRES_URL",
                        POSTGRES_URL.rsplit("/", 1)[0] + "/hoso_bench_import")
HEADER = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Đơn vị", "Chức vụ",
          "Ngày vào Đảng"]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi",
            "Đỗ", "Hồ", "Ngô", "Dương", "Lý"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Ngọc", "Quốc", "Xuân", "Thu", "Kim"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hoà", "Hùng", "Huy",
         "Khánh", "Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Phong", "Phương", "Quân", "Sơn",
         "Tâm", "Thảo", "Thắng", "Thủy", "Trang", "Trung", "Tú", "Tuấn", "Vân", "Việt", "Yến"]
POSTS = ["Đảng viên", "Bí thư chi bộ", "Phó bí thư", "Chi ủy viên", ""]


def url(engine: str, file_format: str = "csv") -> str:
    """One database per engine and format (so two runs never drop each other's)."""
    suffix = "" if file_format == "csv" else f"_{file_format}"
    if engine == "postgres":
        return PG_URL + suffix
    return f"sqlite:///{SQLITE_PATH.with_name(SQLITE_PATH.stem + suffix + '.sqlite3')}"


def fresh_database(engine: str, file_format: str) -> None:
    if "django" in sys.modules:  # a second run: this process's connection goes with the database
        from django.db import connections

        connections.close_all()
    if engine == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{url(engine, file_format).removeprefix('sqlite:///')}{suffix}").unlink(
                missing_ok=True)
        return
    import psycopg

    base, name = url(engine, file_format).replace("postgres://", "postgresql://", 1).rsplit("/", 1)
    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def setup(engine: str, file_format: str = "csv") -> None:
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    os.environ["HOSO_DATABASE_URL"] = url(engine, file_format)
    os.environ["HOSO_ATTACHMENT_DIR"] = str(BENCH_DIR / "import-files")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hoso.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def prepare(engine: str, file_format: str) -> list[str]:
    """Empty database with the demo org tree (1 M scale); returns the cell codes."""
    fresh_database(engine, file_format)
    setup(engine, file_format)
    from django.core.management import call_command
    from django.db import transaction

    from accounts.models import User
    from core.demo.tree import build_tree
    from orgs.models import OrgUnit

    call_command("migrate", verbosity=0, interactive=False)
    with transaction.atomic():
        build_tree(random.Random(2026), 1_000_000)
    top = OrgUnit.objects.filter(kind="TW").first()
    User.objects.create(username="bench.import", role="ADMIN", clearance=3, org_unit=top)
    return list(OrgUnit.objects.filter(kind="CHI_BO").values_list("code", flat=True))


def rows(count: int, codes: list[str], *, xlsx: bool):
    rng = random.Random(7)
    for number in range(1, count + 1):
        birth = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(20000))
        name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        cccd = f"{rng.randrange(1, 97):03d}{rng.randrange(2)}{birth.year % 100:02d}{number % 1_000_000:06d}"
        admitted = birth + dt.timedelta(days=rng.randrange(6600, 15000))
        if xlsx:
            # As Excel keeps them: dates as date cells, CCCD as a number (leading zeros lost).
            yield [number, name, birth, rng.choice(["Nam", "Nữ"]), int(cccd), rng.choice(codes),
                   rng.choice(POSTS), admitted]
        else:
            yield [number, name, birth.strftime("%d/%m/%Y"), rng.choice(["Nam", "Nữ"]), cccd,
                   rng.choice(codes), rng.choice(POSTS), admitted.strftime("%d/%m/%Y")]


def write_files(count: int, codes: list[str], formats: list[str], tag: str = "") -> dict[str, Path]:
    import csv

    from openpyxl import Workbook

    paths = {}
    if "csv" in formats:
        path = BENCH_DIR / f"import{tag}-{count}.csv"
        with open(path, "w", encoding="utf-8-sig", newline="") as out:
            writer = csv.writer(out, delimiter=";")
            writer.writerow(["DANH SÁCH ĐẢNG VIÊN"])
            writer.writerow(HEADER)
            writer.writerows(rows(count, codes, xlsx=False))
        paths["csv"] = path
    if "xlsx" in formats:
        path = BENCH_DIR / f"import{tag}-{count}.xlsx"
        book = Workbook(write_only=True)
        sheet = book.create_sheet("Danh sách")
        sheet.append(["DANH SÁCH ĐẢNG VIÊN"])
        sheet.append(HEADER)
        for row in rows(count, codes, xlsx=True):
            sheet.append(row)
        book.save(path)
        paths["xlsx"] = path
    return paths


def run_one(engine: str, path: str) -> dict:
    """Child process: upload, dry run, apply; timings and peak RSS as JSON."""
    setup(engine, Path(path).suffix.lstrip("."))
    import resource

    from accounts.models import User
    from people.models import Person
    from transfer.importing.engine import analyse, do_apply_import, do_upload_import
    from transfer.models import ApplyMode, ImportKind

    actor = User.objects.get(username="bench.import")
    before = Person.objects.count()

    def cpu() -> float:
        # Child processes count too (none today: parsing in parallel did not pay, see README).
        return sum(usage.ru_utime + usage.ru_stime for usage in (
            resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)))

    started = time.perf_counter()
    with open(path, "rb") as source:
        item = do_upload_import(actor=actor, kind=ImportKind.PEOPLE, upload=source,
                                limit=4 * 1024**3)
    uploaded, cpu_uploaded = time.perf_counter(), cpu()
    item = analyse(item)
    analysed, cpu_analysed = time.perf_counter(), cpu()
    item = do_apply_import(actor=actor, item=item, mode=ApplyMode.VALID_ROWS)
    applied, cpu_applied = time.perf_counter(), cpu()
    return {"rows": item.total_rows, "created": Person.objects.count() - before,
            "upload_s": uploaded - started, "analyse_s": analysed - uploaded,
            "apply_s": applied - analysed, "analyse_cpu_s": cpu_analysed - cpu_uploaded,
            "apply_cpu_s": cpu_applied - cpu_analysed, "status": item.status, "counts": item.applied_counts,
            # The helper process of the dry run (PostgreSQL) is alive at the same time: both count.
            "peak_rss_mb": (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
                            + resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024,
            **raw_engine(item.total_rows)}


def raw_engine(count: int) -> dict:
    """The engine alone, same run: the imported rows copied into an unindexed twin of the
    people table with COPY (PostgreSQL) / executemany in one transaction (SQLite), 10.000 rows
    read at a time (only the write is timed)."""
    from django.db import connection, transaction

    from people.models import Person
    from transfer.importing.bulk import COLUMNS

    table, names = Person._meta.db_table, ", ".join(COLUMNS)
    spent = 0.0
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE bench_raw AS SELECT {names} FROM {table} WHERE 1 = 0")
        last = 0
        while True:
            cursor.execute(f"SELECT id, {names} FROM {table} WHERE id > %s ORDER BY id LIMIT 10000",
                           [last])
            rows = cursor.fetchall()
            if not rows:
                break
            last = rows[-1][0]
            started = time.perf_counter()
            raw = connection.connection
            if connection.vendor == "postgresql":
                with raw.cursor() as pg, pg.copy(f"COPY bench_raw ({names}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row[1:])
            else:
                raw.executemany(f"INSERT INTO bench_raw ({names}) VALUES "
                                f"({', '.join('?' * len(COLUMNS))})", [row[1:] for row in rows])
            spent += time.perf_counter() - started
        cursor.execute("DROP TABLE bench_raw")
    return {"raw_rows_s": count / spent if spent else 0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--engine", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--people", type=int, help="ignored (run_all passes it)")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--formats", default="csv,xlsx")
    parser.add_argument("--child", nargs=2, metavar=("ENGINE", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_one(*args.child)))
        return
    formats = args.formats.split(",")
    table = []
    for file_format in formats:
        results = []
        for _run in range(args.runs):
            codes = prepare(args.engine, file_format)  # each run imports into an empty people table
            paths = write_files(args.rows, codes, [file_format], tag=f"-{args.engine}")
            child = subprocess.run([sys.executable, __file__, "--child", args.engine,
                                    str(paths[file_format])], capture_output=True, text=True,
                                   check=False)
            if child.returncode != 0:
                print(child.stderr[-3000:])
                raise SystemExit(1)
            results.append(json.loads(child.stdout.strip().splitlines()[-1]))
            run = results[-1]
            print(f"run {_run + 1}: dry run {run['analyse_s']:.1f} s, apply {run['apply_s']:.1f} s, "
                  f"overall {run['rows'] / (run['analyse_s'] + run['apply_s']):,.0f} rows/s, "
                  f"load {os.getloadavg()[0]:.1f}", flush=True)
            paths[file_format].unlink(missing_ok=True)
        results.sort(key=lambda r: r["analyse_s"] + r["apply_s"])
        median = results[len(results) // 2]
        rows_count = median["rows"]
        table.append([file_format.upper(), f"{rows_count:,}", median["created"],
                      round(median["analyse_s"], 1), round(rows_count / median["analyse_s"]),
                      round(median["apply_s"], 1), round(rows_count / median["apply_s"]),
                      round(rows_count / (median["analyse_s"] + median["apply_s"])),
                      round(rows_count / median["analyse_cpu_s"]),
                      round(rows_count / median["apply_cpu_s"]),
                      round(max(r["peak_rss_mb"] for r in results)),
                      round(median["raw_rows_s"]), len(results)])
    print_table(f"Import of people ({args.engine}, into an empty people table, 17.100 units)",
                ["file", "rows", "created", "dry run s", "dry run rows/s", "apply s",
                 "apply rows/s", "overall rows/s", "dry run rows/CPU-s", "apply rows/CPU-s",
                 "peak RSS MB", "raw engine rows/s", "runs"], table)
    print("CPU-s: user+system time of the importing process (and any child) "
          "(PostgreSQL's server work is not in it); wall-clock rates depend on what else the "
          f"machine runs (load average now {os.getloadavg()[0]:.1f}). Raw engine: the same rows "
          "into an unindexed table, write time only.")


if __name__ == "__main__":
    main()
