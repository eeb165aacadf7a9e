#!/usr/bin/env bash
# `make run`: the background worker (reports, imports, exports) next to the development server;
# stopping the server (Ctrl+C) stops the worker too.
set -euo pipefail
PY=.venv/bin/python
HOST="${1:-127.0.0.1}"
PORT="${2:-8000}"
$PY manage.py db_worker --queue-name default --interval 1 &
WORKER=$!
trap 'kill $WORKER 2>/dev/null || true' EXIT INT TERM
$PY manage.py runserver "$HOST:$PORT"
