#!/usr/bin/env bash
# Runs the whole suite on SQLite, then on PostgreSQL if it answers on 127.0.0.1:5432.
set -euo pipefail
PY=.venv/bin/python
# Live-server threads close their connections after each request (no "database in use" at teardown).
export HOSO_DB_CONN_MAX_AGE=0
PG_URL="${HOSO_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/hoso}"
# Each half is bounded: a test that hangs (or a thread that keeps pytest from exiting) fails the
# run with a message instead of eating CI's whole time. A half takes 4-7 min on a quiet machine.
LIMIT="${HOSO_TEST_TIME_LIMIT:-35m}"
run_suite() {
  local status=0
  timeout --kill-after=30s "$LIMIT" $PY -m pytest -q "$@" || status=$?
  if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
    echo "The test run did not finish within $LIMIT (a hung test or thread): stopped." >&2
  fi
  return "$status"
}

echo "== Bộ kiểm thử trên SQLite / test suite on SQLite"
HOSO_DATABASE_URL="" run_suite "$@"

if $PY - "$PG_URL" <<'PYEOF'
import sys, psycopg
url = sys.argv[1].replace("postgres://", "postgresql://", 1)
try:
    psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", connect_timeout=3).close()
except Exception as exc:
    print(f"PostgreSQL not reachable ({exc}); skipping the PostgreSQL run")
    sys.exit(1)
PYEOF
then
  echo "== Bộ kiểm thử trên PostgreSQL / test suite on PostgreSQL"
  HOSO_DATABASE_URL="$PG_URL" run_suite "$@"
fi
