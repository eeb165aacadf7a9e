"""Demo load: seconds, rows/s and peak memory of `manage.py demo --people N` into an empty
database, against the raw engine inserting pre-generated rows into a bare table.

Rebuilds the bench database of the engine (var/bench/… or hoso_bench): search.py reuses it.
Usage: bench/load.py --engine sqlite|postgres [--people 1000000]
"""

import resource
import time

from common import drop_database, migrate, parse_args, print_table, setup_django

RAW_ROWS = 100_000


def raw_insert_rate(rows: list[tuple]) -> float:
    """Rows/s of the bare engine path (executemany / COPY) into an index-free copy of the table."""
    from django.db import connection, transaction

    from core.demo.people import COLUMNS

    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("CREATE TEMP TABLE bench_raw (LIKE people_person INCLUDING DEFAULTS INCLUDING IDENTITY)")
            raw = connection.connection
            start = time.perf_counter()
            with raw.cursor() as pg, pg.copy(
                f"COPY bench_raw ({', '.join(COLUMNS)}) FROM STDIN"
            ) as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.execute("CREATE TEMP TABLE bench_raw AS SELECT * FROM people_person WHERE 0")
            stamp = connection.ops.adapt_datetimefield_value(rows[0][-1])
            rows = [row[:-2] + (stamp, stamp) for row in rows]
            sql = (f"INSERT INTO bench_raw ({', '.join(COLUMNS)}) "
                   f"VALUES ({', '.join('?' * len(COLUMNS))})")
            start = time.perf_counter()
            connection.connection.executemany(sql, rows)
        seconds = time.perf_counter() - start
        cursor.execute("DROP TABLE bench_raw")
    return len(rows) / seconds


def main() -> None:
    args = parse_args(__doc__)
    drop_database(args.engine)
    setup_django(args.engine)
    migrate()
    from core.demo.load import load_demo
    from core.demo.people import PeopleGenerator
    from core.demo.tree import load_existing_tree

    result = load_demo(people=args.people)
    workers_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    generator = PeopleGenerator(1, load_existing_tree(), RAW_ROWS)
    sample = [row for index in range(len(generator.plan)) for row in generator.chunk(index)[0]]
    raw_rate = raw_insert_rate(sample)
    print_table(
        f"Demo load into an empty database ({args.engine}, {args.people:,} people)",
        ["engine", "people", "seconds", "people/s", "peak RSS main MB", "peak RSS worker MB",
         "raw insert rows/s"],
        [[args.engine, result.people, result.seconds, result.rate, result.peak_rss_mb,
          workers_peak, raw_rate]],
    )


if __name__ == "__main__":
    main()
