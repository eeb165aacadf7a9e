"""Export of the whole people list (1 M people) to CSV and XLSX: time, rows/s, peak memory.

Runs the real export path (the list's own selection through visible_to, batched reads with
``.iterator(chunk_size=2000)``, the streamed writers) for the national administrator, reading
the response's chunks as a client would. The bench database is only read: the user is an
unsaved object and the export's audit event is not written here. Each format runs in its own
process so its peak RSS is its own. Figures only: nothing here fails a build.

Usage: bench/exports.py --engine sqlite|postgres [--people 1000000] [--runs 1]
"""

import resource
import subprocess
import sys
import time
from pathlib import Path

from common import ensure_loaded, median, parse_args, peak_rss_mb, print_table, setup_django

FORMATS = ("csv", "xlsx")


def _one(fmt: str) -> None:
    """Export once in this process; print rows, seconds, megabytes, peak RSS (MB)."""
    from django.test import RequestFactory

    from accounts.models import User
    from orgs.models import OrgUnit
    from transfer.exporting import lists, registry  # noqa: F401  (lists fills the registry)

    registry.do_export_list = lambda **kwargs: None  # the bench database stays read-only
    national = OrgUnit.objects.filter(kind="TW").order_by("pk").first()
    user = User(username="bench.export", role="ADMIN", clearance=3, org_unit=national)
    request = RequestFactory().get("/du-lieu/xuat/nhan-su/", {"format": fmt})
    request.user = user
    started = time.perf_counter()
    response = registry.export_response(request, registry.REGISTRY["people"])
    size = sum(len(chunk) for chunk in response.streaming_content)
    seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = usage.ru_utime + usage.ru_stime
    print(f"RESULT {response['X-Export-Rows']} {seconds:.3f} {size / 1e6:.1f} "
          f"{peak_rss_mb():.0f} {cpu:.1f}")


def main() -> None:
    args = parse_args(__doc__.splitlines()[0], extra=lambda p: p.add_argument("--one"))
    setup_django(args.engine)
    if args.one:
        _one(args.one)
        return
    ensure_loaded(args.people)
    rows = []
    for fmt in FORMATS:
        runs = []
        for _ in range(max(1, min(args.runs, 3))):
            out = subprocess.run(
                [sys.executable, str(Path(__file__)), "--engine", args.engine, "--one", fmt],
                capture_output=True, text=True, check=False)
            line = next((x for x in out.stdout.splitlines() if x.startswith("RESULT")), None)
            if line is None:
                print(out.stdout[-2000:], out.stderr[-2000:])
                break
            count, seconds, megabytes, rss, cpu = line.split()[1:]
            runs.append((int(count), float(seconds), float(megabytes), float(rss), float(cpu)))
        if runs:
            seconds = median([r[1] for r in runs])
            cpu = median([r[4] for r in runs])
            rows.append([fmt.upper(), runs[0][0], round(seconds, 1), round(cpu, 1),
                         round(runs[0][0] / seconds), runs[0][2], max(r[3] for r in runs)])
    # CPU seconds too: on a shared machine the wall time mostly measures the other processes.
    print_table(f"Xuất danh sách người ({args.engine}, quản trị toàn quốc)",
                ["định dạng", "dòng", "giây", "giây CPU", "dòng/giây", "MB tệp", "RSS đỉnh (MB)"],
                rows)


if __name__ == "__main__":
    main()
