#!/usr/bin/env bash
# Installs hoso from an offline bundle (made by scripts/bundle.sh), with NO network:
#   ./install-offline.sh [TARGET]      TARGET defaults to ./src inside the unpacked bundle
# 1. checks SHA256SUMS; 2. copies the source to TARGET (if given); 3. makes TARGET/.venv and
# installs every package from wheels/ with `pip --no-index --require-hashes`; 4. runs migrate
# and collectstatic (skip with HOSO_SKIP_MIGRATE=1), then `manage.py check`.
# Configure the database and secrets first (HOSO_DATABASE_URL, HOSO_SECRET_KEY, HOSO_FIELD_KEY,
# HOSO_DEBUG=0 …: see README "Configuration"); without them a development SQLite under var/ is used.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
TARGET="${1:-$HERE/src}"
PY="${PYTHON:-python3}"

echo "== Kiểm tra tệp / checking SHA256SUMS"
(cd "$HERE" && sha256sum --quiet -c SHA256SUMS)

if [ "$TARGET" != "$HERE/src" ]; then
  mkdir -p "$TARGET"
  cp -a "$HERE/src/." "$TARGET/"
fi
cd "$TARGET"

echo "== Môi trường Python / virtual environment in $TARGET/.venv"
"$PY" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Cần Python 3.11 / Python 3.11 is required")'
"$PY" -m venv .venv
PIP_NO_INDEX=1 .venv/bin/python -m pip install -q --no-index --find-links "$HERE/wheels" \
  --require-hashes -r "$HERE/requirements.lock"

if [ "${HOSO_SKIP_MIGRATE:-0}" != "1" ]; then
  echo "== CSDL và tệp tĩnh / migrate, collectstatic"
  .venv/bin/python manage.py migrate --noinput
  .venv/bin/python manage.py collectstatic --noinput -v0
fi
.venv/bin/python manage.py check
echo "== Đã cài hoso tại / hoso installed in $TARGET"
