#!/usr/bin/env bash
# Runs the whole suite on SQLite, then on PostgreSQL if it answers on 127.0.0.1:5432.
set -euo pipefail
PY=.venv/bin/python
# Live-server threads close their connections after each request (no "database in use" at teardown).
export HOSO_DB_CONN_MAX_AGE=0
PG_URL="${HOSO_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/hoso}"

echo "== Bộ kiểm thử trên SQLite / test suite on SQLite"
HOSO_DATABASE_URL="" $PY -m pytest -q "$@"

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
  HOSO_DATABASE_URL="$PG_URL" $PY -m pytest -q "$@"
fi
