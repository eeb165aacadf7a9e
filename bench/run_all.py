"""Run every benchmark on SQLite and, when it answers, PostgreSQL; print their tables.

`make bench` calls this. Figures only: a slow result never fails. Options are passed through
(e.g. `bench/run_all.py --people 100000` for a quicker pass).
Order: load.py rebuilds the bench databases, the others reuse them.
"""

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from common import postgres_available  # noqa: E402

SCRIPTS = ["load.py", "search.py", "audit.py", "worker.py", "pages.py", "exports.py",
           "reports.py", "imports.py"]


def main() -> int:
    engines = ["sqlite"] + (["postgres"] if postgres_available() else [])
    if "postgres" not in engines:
        print("PostgreSQL không trả lời trên 127.0.0.1:5432: chỉ đo trên SQLite.")
    failures = 0
    for engine in engines:
        for script in SCRIPTS:
            started = time.perf_counter()
            print(f"\n== {script} --engine {engine}", flush=True)
            code = subprocess.call([sys.executable, str(HERE / script), "--engine", engine,
                                    *sys.argv[1:]])
            print(f"   ({time.perf_counter() - started:.0f} s, exit {code})", flush=True)
            failures += code != 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
