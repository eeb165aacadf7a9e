#!/usr/bin/env bash
# Makes dist/hoso-bundle-<version>.tar.gz on a CONNECTED machine, for an install with no network
# (see docs/offline-install.md). The bundle holds:
#   src/                  the committed source (git archive HEAD, vendored static assets included)
#   wheels/               every package of requirements.lock as a wheel for Linux x86-64, CPython 3.11
#   requirements.lock     the hashes pip checks at install time (--require-hashes)
#   install-offline.sh    the installer (pip --no-index from wheels/, migrate, collectstatic, check)
#   SHA256SUMS            checksums of every file above, for the transfer to the closed network
# Wheels are downloaded once into a cache (HOSO_WHEEL_CACHE, default var/bundle-cache/wheels);
# HOSO_BUNDLE_OFFLINE=1 builds from that cache alone (no network), as the test does.
# A package with no wheel for the target is downloaded as source and built with `pip wheel`;
# its built wheel's hash is added to the bundle's copy of requirements.lock.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-.venv/bin/python}"
CACHE="${HOSO_WHEEL_CACHE:-var/bundle-cache/wheels}"
DIST="${HOSO_BUNDLE_DIST:-dist}"
VERSION="${HOSO_BUNDLE_VERSION:-$(date +%Y%m%d)-$(git rev-parse --short HEAD)}"
NAME="hoso-bundle-$VERSION"
TARGET=(--python-version 3.11 --implementation cp --abi cp311 --abi abi3 --abi none
        --platform manylinux_2_28_x86_64 --platform manylinux_2_17_x86_64
        --platform manylinux2014_x86_64 --platform linux_x86_64 --platform any)

STAGE="$(mktemp -d)"
trap 'rm -rf "$STAGE"' EXIT
mkdir -p "$CACHE" "$DIST" "$STAGE/$NAME/wheels"
cp requirements.lock "$STAGE/$NAME/requirements.lock"

echo "== Mã nguồn / source (git archive HEAD)"
git archive --format=tar --prefix="$NAME/src/" HEAD | tar -x -C "$STAGE"
cp scripts/install-offline.sh "$STAGE/$NAME/install-offline.sh"
chmod +x "$STAGE/$NAME/install-offline.sh"

if [ "${HOSO_BUNDLE_OFFLINE:-0}" != "1" ]; then
  echo "== Tải gói vào bộ đệm / downloading wheels into $CACHE"
  if ! "$PY" -m pip download -q --require-hashes --only-binary=:all: "${TARGET[@]}" \
        -r requirements.lock -d "$CACHE"; then
    echo "== Một số gói chỉ có mã nguồn: dựng wheel / some packages are source-only: building"
    SDISTS="$(dirname "$CACHE")/sdists"
    mkdir -p "$SDISTS"
    "$PY" -m pip download -q --require-hashes --no-deps -r requirements.lock -d "$SDISTS"
    find "$SDISTS" -maxdepth 1 \( -name '*.tar.gz' -o -name '*.zip' \) -print0 |
      xargs -0 -r -n1 "$PY" -m pip wheel -q --no-deps -w "$CACHE"
  fi
fi

echo "== Chọn wheel từ bộ đệm / picking the wheels from the cache"
# Resolving against the cache alone, with the lock's hashes: a missing or altered wheel fails here.
"$PY" -m pip download -q --no-index --find-links "$CACHE" --only-binary=:all: "${TARGET[@]}" \
  --require-hashes -r requirements.lock -d "$STAGE/$NAME/wheels" || {
  # Wheels built here from source have hashes the lock does not know: add them to the bundle's
  # copy of the lock (the source archives' own hashes were checked when they were downloaded).
  "$PY" - "$STAGE/$NAME/requirements.lock" "$CACHE" <<'PYEOF'
import hashlib, pathlib, re, sys
lock_path, cache = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
lines = lock_path.read_text().splitlines()
norm = lambda name: re.sub(r"[-_.]+", "-", name).lower()
for wheel in cache.glob("*.whl"):
    name, version = wheel.name.split("-")[:2]
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    for i, line in enumerate(lines):
        m = re.match(r"^([A-Za-z0-9_.-]+)==([^ ;\\]+)", line)
        if m and norm(m.group(1)) == norm(name) and m.group(2) == version \
                and digest not in "\n".join(lines):
            lines.insert(i + 1, f"    --hash=sha256:{digest} \\")
            break
lock_path.write_text("\n".join(lines) + "\n")
PYEOF
  "$PY" -m pip download -q --no-index --find-links "$CACHE" --only-binary=:all: "${TARGET[@]}" \
    --require-hashes -r "$STAGE/$NAME/requirements.lock" -d "$STAGE/$NAME/wheels"
}

(cd "$STAGE/$NAME" && find . -type f ! -name SHA256SUMS -print0 | sort -z |
   xargs -0 sha256sum > SHA256SUMS)
tar -czf "$DIST/$NAME.tar.gz.part" -C "$STAGE" "$NAME"
mv "$DIST/$NAME.tar.gz.part" "$DIST/$NAME.tar.gz"
echo "== $DIST/$NAME.tar.gz ($(ls "$STAGE/$NAME/wheels" | wc -l) wheels, $(du -h "$DIST/$NAME.tar.gz" | cut -f1))"
