"""The yearly report of the largest province on the national bench database: figures
(compute_report), then DOCX, XLSX and PDF, as the background job does. Target ≤ 5 s in all.

Prints the median over --runs of each step, the number of SQL queries, and the raw engine: the
report's main count (person-trips of the province in the year) as one hand-written SQL query, next
to the same count through the report code. Also prints how many cases the province holds, so the
figures can be read against the data size. Figures only: nothing here fails a build.

The demo data set holds few cases (hundreds nationally); ``--extra N`` adds N synthetic vetting
cases, N/2 delegations of 5 travellers and N/10 inspections of 5 subjects to the province inside a
transaction that is rolled back at the end (the shared bench database is left as it was).

Usage: bench/reports.py --engine sqlite|postgres [--runs 3] [--year 2026] [--extra 100000]
"""

import os
import time
from datetime import date

from common import bench_user, ensure_loaded, median, migrate, parse_args, print_table, setup_django


def largest_province():
    """(unit, people) of the province-level unit with the most people (active units only)."""
    from orgs.models import OrgUnit
    from people.models import Person

    provinces = OrgUnit.objects.active().filter(kind="TINH_THANH")
    sizes = []
    for unit in provinces:
        sizes.append((Person.objects.filter(org_unit__path__startswith=unit.path).count(), unit))
    people, unit = max(sizes, key=lambda pair: pair[0])
    return unit, people


def case_counts(unit) -> dict[str, int]:
    """How many case records of each kind the province holds (all years)."""
    from inspections.models import Inspection, Subject
    from travel.models import Trip, TripMember
    from vetting.models import VettingCase

    path = unit.path
    return {
        "hồ sơ thẩm định": VettingCase.objects.filter(org_unit__path__startswith=path).count(),
        "chuyến đi": Trip.objects.filter(org_unit__path__startswith=path).count(),
        "lượt người đi": TripMember.objects.filter(trip__org_unit__path__startswith=path).count(),
        "cuộc kiểm tra, giám sát": Inspection.objects.filter(
            org_unit__path__startswith=path).count(),
        "đối tượng kiểm tra": Subject.objects.filter(
            inspection__org_unit__path__startswith=path).count(),
    }


def raw_person_trips(path: str, start: date, end: date) -> int:
    """The engine alone: person-trips of the subtree in the period, one SQL query, no scoping."""
    from django.db import connection

    sql = ("SELECT COUNT(*) FROM travel_tripmember m JOIN travel_trip t ON t.id = m.trip_id "
           "JOIN orgs_orgunit o ON o.id = t.org_unit_id WHERE o.path LIKE %s "
           "AND t.planned_departure_on BETWEEN %s AND %s AND t.status <> 'CANCELLED'")
    with connection.cursor() as cursor:
        cursor.execute(sql, [path + "%", start, end])
        return cursor.fetchone()[0]


class RolledBack(Exception):
    pass


def add_synthetic(unit, year: int, count: int) -> None:
    """``count`` vetting cases, count/2 trips (5 travellers each), count/10 inspections (5
    subjects each) of the province, dated in ``year`` (bulk_create; rolled back by the caller)."""
    from inspections.models import Conclusion, Inspection, Programme, Subject
    from orgs.models import OrgUnit
    from people.models import Person
    from travel.models import Trip, TripMember
    from vetting.models import Purpose, VettingCase

    units = list(OrgUnit.objects.filter(path__startswith=unit.path, kind="XA_PHUONG")[:400])
    people = list(Person.objects.filter(org_unit__path__startswith=unit.path,
                                        classification=0).values_list("pk", flat=True)[:20000])
    purposes = list(Purpose.objects.all())

    def day(i: int) -> date:
        return date(year, 1 + i % 12, 1 + i % 28)

    VettingCase.objects.bulk_create([
        VettingCase(org_unit=units[i % len(units)], subject_id=people[i % len(people)],
                    purpose=purposes[i % len(purposes)], requesting_unit=unit,
                    competent_body=unit, classification=0, status="CONCLUDED",
                    opened_on=day(i).replace(day=1), due_on=day(i), concluded_on=day(i))
        for i in range(count)], batch_size=5000)
    trips = Trip.objects.bulk_create([
        Trip(org_unit=units[i % len(units)], classification=0, title=f"Đoàn {i}",
             purpose="CONG_TAC", funding="NGAN_SACH", planned_departure_on=day(i),
             planned_return_on=day(i).replace(day=28), status="CLOSED")
        for i in range(count // 2)], batch_size=5000)
    TripMember.objects.bulk_create([
        TripMember(trip=trip, person_id=people[(t * 5 + k) % len(people)],
                   role="TRUONG_DOAN" if k == 0 else "THANH_VIEN", management_level="TINH")
        for t, trip in enumerate(trips) for k in range(5)], batch_size=5000)
    programme = Programme.objects.create(year=year, org_unit=unit, title="Chương trình đo",
                                         classification=0)
    inspections = Inspection.objects.bulk_create([
        Inspection(programme=programme, org_unit=unit, kind="KIEM_TRA", type="CHUYEN_DE",
                   title=f"Kiểm tra {i}", level="TINH_THANH", look_back_from=date(year - 2, 1, 1),
                   look_back_to=date(year - 1, 12, 31), status="CONCLUDED", decided_on=day(i),
                   concluded_on=day(i).replace(day=28), classification=0)
        for i in range(count // 10)], batch_size=5000)
    subjects = Subject.objects.bulk_create([
        Subject(inspection=inspection, org_unit=units[(n * 5 + k) % len(units)])
        for n, inspection in enumerate(inspections) for k in range(5)], batch_size=5000)
    Conclusion.objects.bulk_create([Conclusion(subject=s, violation=i % 7 == 0)
                                    for i, s in enumerate(subjects)], batch_size=5000)


def analyze() -> None:
    """Fresh planner statistics for the tables just filled (the inserts are not committed)."""
    from django.db import connection

    tables = ["vetting_vettingcase", "travel_trip", "travel_tripmember",
              "inspections_inspection", "inspections_subject", "inspections_conclusion"]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {table}")


def one_run(user, period, meta) -> dict[str, float]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reports.figures import compute_report
    from reports.rendering.docx import render_docx
    from reports.rendering.pdf import render_pdf
    from reports.rendering.xlsx import render_xlsx

    times: dict[str, float] = {}
    start, cpu_start = time.perf_counter(), time.process_time()
    with CaptureQueriesContext(connection) as queries:
        data = compute_report(user, period)
    times["figures"] = time.perf_counter() - start
    times["queries"] = len(queries)
    times["slowest"] = sorted(((float(q["time"]), q["sql"]) for q in queries.captured_queries),
                              reverse=True)[:5]
    for name, render in (("docx", render_docx), ("xlsx", render_xlsx), ("pdf", render_pdf)):
        step, cpu = time.perf_counter(), time.process_time()
        times[f"{name}_bytes"] = len(render(data, meta))
        times[name] = time.perf_counter() - step
        times[f"{name}_cpu"] = time.process_time() - cpu
    times["total"] = time.perf_counter() - start
    times["total_cpu"] = time.process_time() - cpu_start  # this process only (not the database)
    times["trips"] = data.figure("travel.person_trips").value
    times["rows"] = sum(len(t.rows) for s in data.sections for t in s.tables)
    return times


def measure(args, unit, people, label: str) -> None:
    from django.utils import timezone

    from reports.kinds import ReportKind, subject
    from reports.rendering.meta import DocumentMeta
    from reports.types import Period

    user = bench_user("LEADER", province=unit.name.split(" ", 2)[-1], clearance=3)
    start, end = date(args.year, 1, 1), date(args.year, 12, 31)
    period = Period(unit.pk, start, end)
    meta = DocumentMeta(kind=ReportKind.NAM, parent_body=f"Đảng bộ {unit.name}",
                        issuer="Ban Tổ chức", number="1-BC/BTC", place="Hà Nội",
                        issued_on=end, title="Báo cáo", subject=subject(ReportKind.NAM, start, end))
    print(f"\n{unit.name} ({label}): {people:,} người; "
          + ", ".join(f"{k} {v:,}" for k, v in case_counts(unit).items()))
    one_run(user, period, meta)  # warm-up: imports, fonts, templates, page cache
    runs = [one_run(user, period, meta) for _ in range(args.runs)]
    raw = []
    # The report counts events up to today ("as of" rule of reports.counts.base).
    counted_to = min(end, timezone.localdate())
    for _ in range(args.runs):
        step = time.perf_counter()
        raw_value = raw_person_trips(unit.path, start, counted_to)
        raw.append(time.perf_counter() - step)
    steps = ["figures", "docx", "xlsx", "pdf", "total", "total_cpu"]
    print_table(
        f"Báo cáo năm {args.year}, {unit.name} ({args.engine}), trung vị {args.runs} lần (giây)",
        [*steps, "truy vấn SQL", "dòng bảng", "SQL thô: lượt người đi (ms)"],
        [[median([r[s] for r in runs]) for s in steps]
         + [int(runs[-1]["queries"]), int(runs[-1]["rows"]), median(raw) * 1000]])
    print(f"Lượt người đi: báo cáo {runs[-1]['trips']:,}, SQL thô {raw_value:,} (không phân "
          f"quyền); DOCX {runs[-1]['docx_bytes']:,} B, XLSX {runs[-1]['xlsx_bytes']:,} B, "
          f"PDF {runs[-1]['pdf_bytes']:,} B; CPU docx/xlsx/pdf "
          + "/".join(f"{median([r[f'{n}_cpu'] for r in runs]):.2f}" for n in
                     ("docx", "xlsx", "pdf")) + " s")
    print("Truy vấn chậm nhất (lần đo cuối):")
    for seconds, sql in runs[-1]["slowest"]:
        print(f"  {seconds:6.2f} s  {sql[:160]}")


def busiest_province():
    """The province-level unit with the most vetting cases and trips (the demo's case load)."""
    from orgs.models import OrgUnit
    from people.models import Person
    from travel.models import Trip
    from vetting.models import VettingCase

    best = None
    for unit in OrgUnit.objects.active().filter(kind="TINH_THANH"):
        cases = (VettingCase.objects.filter(org_unit__path__startswith=unit.path).count()
                 + Trip.objects.filter(org_unit__path__startswith=unit.path).count())
        if best is None or cases > best[0]:
            best = (cases, unit)
    unit = best[1]
    return unit, Person.objects.filter(org_unit__path__startswith=unit.path).count()


def main() -> None:
    args = parse_args(__doc__, lambda p: (p.add_argument("--year", type=int, default=2026),
                                          p.add_argument("--extra", type=int, default=0)))
    setup_django(args.engine)
    ensure_loaded(args.people)
    migrate()
    print(f"Tải máy lúc đo: {os.getloadavg()[0]:.1f} (2 lõi)")
    largest = largest_province()
    busiest = busiest_province()
    measure(args, *largest, "đông người nhất")
    if busiest[0].pk != largest[0].pk:
        measure(args, *busiest, "nhiều hồ sơ nhất")
    if args.extra:
        from django.db import transaction

        unit, people = largest
        try:
            with transaction.atomic():
                started = time.perf_counter()
                add_synthetic(unit, args.year, args.extra)
                analyze()
                print(f"\n+ {args.extra:,} hồ sơ tổng hợp ({time.perf_counter() - started:.0f} s"
                      " để thêm, sẽ được hoàn tác)")
                measure(args, unit, people, f"+{args.extra:,} hồ sơ tổng hợp")
                raise RolledBack
        except RolledBack:
            pass


if __name__ == "__main__":
    main()
