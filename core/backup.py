"""Consistent backups and restores: database, encrypted attachments, audit chain head, manifest.

One archive (an uncompressed tar: the attachments are encrypted, so they do not compress) holds

    manifest.json          format, engine, time, key fingerprint, table row counts, audit head,
                           sha256 and size of every other file in the archive
    db/hoso.dump           PostgreSQL: ``pg_dump -Fc`` (custom format, restored by pg_restore)
    db/hoso.sqlite3        SQLite: a copy made with the online backup API
    attachments/xx/<key>   the attachment files exactly as stored (still encrypted)

Consistency rule. Attachment files are immutable once written: a new upload is encrypted under
``tmp/``, its row commits, then the file is moved to its place (``documents.storage.promote``);
nothing rewrites or deletes a stored file. So the backup takes the database snapshot FIRST and
then copies every file that the SNAPSHOT references (looking in ``tmp/`` too for a file whose row
committed but whose move has not happened yet). A file uploaded after the snapshot is not
referenced by it and is left out; a file referenced by the snapshot cannot change afterwards.

PostgreSQL: the snapshot is a ``SERIALIZABLE READ ONLY DEFERRABLE`` transaction (it waits for a
snapshot no concurrent serializable transaction can invalidate), exported with
``pg_export_snapshot()``; ``pg_dump --snapshot`` dumps exactly that snapshot while the same
transaction lists the attachments, counts the rows and reads the audit head.
SQLite: ``sqlite3.Connection.backup`` copies the live database page by page into a new file;
the list, the counts and the head are then read from that copy.

The backup holds no key: the attachments and CCCD numbers stay encrypted under HOSO_FIELD_KEY,
which must be kept (separately) to read a restored system. The manifest keeps the key's
fingerprint so a restore with the wrong key is refused before anything is written.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from documents import storage

FORMAT = 1
MANIFEST = "manifest.json"
PG_DUMP = "db/hoso.dump"
SQLITE_COPY = "db/hoso.sqlite3"
ATTACHMENTS = "attachments"
_READ_BLOCK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, in Vietnamese."""


@dataclass
class Snapshot:
    """What the database snapshot says: its files, its row counts and its audit head."""

    storage_keys: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    audit_count: int = 0
    audit_head_id: int | None = None
    audit_head_hash: str = ""


# --- helpers ------------------------------------------------------------------------------------


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as source:
        while block := source.read(_READ_BLOCK):
            digest.update(block)
    return digest.hexdigest()


def pg_bin(name: str) -> str:
    """A PostgreSQL client program: from HOSO_PG_BINDIR, else ``pg_config --bindir``, else PATH."""
    folder = os.environ.get("HOSO_PG_BINDIR")
    if not folder and shutil.which("pg_config"):
        folder = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True,
                                check=False).stdout.strip()
    candidate = Path(folder or "") / name
    return str(candidate) if folder and candidate.exists() else name


def pg_env(settings_dict: dict) -> dict:
    """Environment for libpq programs (the password never appears on a command line)."""
    env = dict(os.environ)
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"),
                          ("PASSWORD", "PGPASSWORD")):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    env["PGDATABASE"] = settings_dict["NAME"]
    return env


def _run(command: list[str], env: dict, what: str) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(_("%(what)s thất bại: %(error)s")
                          % {"what": what, "error": result.stderr.strip()[-2000:]})


def _audit_head(cursor) -> tuple[int, int | None, str]:
    cursor.execute("SELECT COUNT(*) FROM audit_auditevent")
    count = cursor.fetchone()[0]
    cursor.execute("SELECT id, hash FROM audit_auditevent ORDER BY id DESC LIMIT 1")
    row = cursor.fetchone()
    return count, (row[0] if row else None), (row[1] if row else "")


def _read_snapshot(cursor, tables: list[str]) -> Snapshot:
    snap = Snapshot()
    for table in sorted(tables):
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
        snap.counts[table] = cursor.fetchone()[0]
    cursor.execute("SELECT storage_key FROM documents_attachment ORDER BY storage_key")
    snap.storage_keys = [row[0] for row in cursor.fetchall()]
    snap.audit_count, snap.audit_head_id, snap.audit_head_hash = _audit_head(cursor)
    return snap


# --- database snapshots -------------------------------------------------------------------------


def _dump_postgres(target: Path) -> Snapshot:
    """pg_dump of a safe serializable snapshot, read by the same transaction (see module doc)."""
    conn = connections["default"]
    with transaction.atomic(using="default"), conn.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE, READ ONLY, DEFERRABLE")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot_id = cursor.fetchone()[0]
        _run([pg_bin("pg_dump"), "-Fc", "--no-owner", f"--snapshot={snapshot_id}",
              "-f", str(target)], pg_env(conn.settings_dict), _("Sao lưu CSDL (pg_dump)"))
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        tables = [row[0] for row in cursor.fetchall()]
        return _read_snapshot(cursor, tables)


def _copy_sqlite(target: Path) -> Snapshot:
    """Online backup API: a consistent copy of the live database, then read from the copy."""
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
        tables = [row[0] for row in copy.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        cursor = copy.cursor()
        snap = _read_snapshot(cursor, tables)
        # The copy is a plain rollback-journal file; the restore sets WAL again on connect.
        copy.execute("PRAGMA journal_mode=DELETE")
        return snap
    finally:
        copy.close()


# --- backup -------------------------------------------------------------------------------------


def _archive_path(destination: Path) -> Path:
    if destination.is_dir() or not destination.suffix:
        destination.mkdir(parents=True, exist_ok=True)
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        return destination / f"hoso-backup-{stamp}.tar"
    destination.parent.mkdir(parents=True, exist_ok=True)
    return destination


def _copy_attachments(keys: list[str], folder: Path) -> list[str]:
    """Copy each referenced file as stored; returns the keys whose file is on neither path."""
    missing = []
    for key in keys:
        source = storage.final_path(key)
        if not source.exists():
            source = storage.temp_path(key)  # committed, not yet moved into place
        if not source.exists():
            missing.append(key)
            continue
        target = folder / ATTACHMENTS / key[:2] / key
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    return missing


def make_backup(destination: Path) -> tuple[Path, dict]:
    """Write one backup archive at ``destination`` (a folder or a .tar path); returns it and
    its manifest."""
    archive = _archive_path(Path(destination))
    with tempfile.TemporaryDirectory(prefix=".hoso-backup-", dir=archive.parent) as work:
        folder = Path(work)
        (folder / "db").mkdir()
        if connection.vendor == "postgresql":
            engine, db_file = "postgresql", PG_DUMP
            snap = _dump_postgres(folder / PG_DUMP)
        elif connection.vendor == "sqlite":
            engine, db_file = "sqlite", SQLITE_COPY
            snap = _copy_sqlite(folder / SQLITE_COPY)
        else:
            raise BackupError(_("CSDL %(vendor)s chưa được hỗ trợ sao lưu.")
                              % {"vendor": connection.vendor})
        missing = _copy_attachments(snap.storage_keys, folder)
        files = {}
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            name = path.relative_to(folder).as_posix()
            files[name] = {"sha256": sha256_of(path), "size": path.stat().st_size}
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "engine": engine,
            "database_file": db_file,
            "key_id": storage.key_id(),
            "counts": snap.counts,
            "attachments": len(snap.storage_keys) - len(missing),
            "missing_attachments": missing,
            "audit": {"count": snap.audit_count, "head_id": snap.audit_head_id,
                      "head_hash": snap.audit_head_hash},
            "files": files,
        }
        (folder / MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False))
        partial = archive.with_name(archive.name + ".part")
        with tarfile.open(partial, "w") as tar:
            tar.add(folder / MANIFEST, arcname=MANIFEST)
            for name in files:
                tar.add(folder / name, arcname=name)
        with open(partial, "rb") as done:
            os.fsync(done.fileno())
        os.replace(partial, archive)
    return archive, manifest


# --- restore ------------------------------------------------------------------------------------


def _corrupt(detail: str) -> BackupError:
    return BackupError(_("Bản sao lưu bị hỏng hoặc đã bị sửa, không khôi phục: %(detail)s")
                       % {"detail": detail})


def unpack(archive: Path, folder: Path) -> dict:
    """Extract the archive and check it against its manifest; returns the manifest."""
    try:
        with tarfile.open(archive, "r") as tar:
            tar.extractall(folder, filter="data")
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise _corrupt(_("không đọc được tệp lưu trữ (%(error)s)") % {"error": exc}) from exc
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
        files = manifest["files"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise _corrupt(_("thiếu hoặc hỏng tệp mô tả %(name)s") % {"name": MANIFEST}) from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(_("Định dạng bản sao lưu %(format)s không được hỗ trợ.")
                          % {"format": manifest.get("format")})
    present = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    for name in sorted(set(files) - present):
        raise _corrupt(_("thiếu tệp %(name)s") % {"name": name})
    for name in sorted(present - set(files) - {MANIFEST}):
        raise _corrupt(_("có tệp lạ %(name)s không có trong tệp mô tả") % {"name": name})
    for name, expected in files.items():
        if sha256_of(folder / name) != expected["sha256"]:
            raise _corrupt(_("tệp %(name)s không khớp mã băm SHA-256 trong tệp mô tả")
                           % {"name": name})
    return manifest


def _postgres_is_empty(cursor) -> bool:
    cursor.execute("SELECT COUNT(*) FROM pg_tables WHERE schemaname = current_schema()")
    return cursor.fetchone()[0] == 0


def _restore_postgres(folder: Path, manifest: dict, force: bool) -> None:
    conn = connections["default"]
    with conn.cursor() as cursor:
        if not _postgres_is_empty(cursor):
            if not force:
                raise BackupError(_not_empty_message(conn.settings_dict["NAME"]))
            cursor.execute("DROP SCHEMA public CASCADE")
            cursor.execute("CREATE SCHEMA public")
    conn.close()
    _run([pg_bin("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error",
          "--single-transaction", "-d", conn.settings_dict["NAME"],
          str(folder / manifest["database_file"])],
         pg_env(conn.settings_dict), _("Khôi phục CSDL (pg_restore)"))


def _sqlite_path() -> Path:
    return Path(connections["default"].settings_dict["NAME"])


def _restore_sqlite(folder: Path, manifest: dict, force: bool) -> None:
    target = _sqlite_path()
    connections["default"].close()
    if target.exists() and target.stat().st_size > 0:
        with sqlite3.connect(target) as existing:
            tables = existing.execute("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'"
                                      ).fetchone()[0]
        if tables and not force:
            raise BackupError(_not_empty_message(str(target)))
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".restore-part")
    shutil.copyfile(folder / manifest["database_file"], partial)
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    os.replace(partial, target)


def _not_empty_message(name: str) -> str:
    return _("CSDL %(name)s không trống: khôi phục chỉ ghi vào CSDL trống (tạo CSDL mới), hoặc "
             "chạy lại với --force để XÓA dữ liệu hiện có rồi khôi phục.") % {"name": name}


def _restore_attachments(folder: Path, force: bool) -> int:
    source_root = folder / ATTACHMENTS
    if not source_root.exists():
        return 0
    restored = 0
    for source in sorted(p for p in source_root.rglob("*") if p.is_file()):
        target = storage.final_path(source.name)
        if target.exists() and not force and sha256_of(target) != sha256_of(source):
            raise BackupError(_("Thư mục tệp đính kèm đã có tệp %(name)s khác với bản sao lưu; "
                                "dùng thư mục trống hoặc --force.") % {"name": source.name})
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".restore-part")
        shutil.copyfile(source, partial)
        os.replace(partial, target)
        restored += 1
    return restored


def check_restored(manifest: dict) -> list[str]:
    """Row counts and the audit chain of the restored database against the manifest; the
    problems found (empty when all is well)."""
    from audit.verify import verify_chain

    problems = []
    with connections["default"].cursor() as cursor:
        for table, expected in manifest["counts"].items():
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
            found = cursor.fetchone()[0]
            if found != expected:
                problems.append(_("Bảng %(table)s có %(found)s dòng, bản sao lưu ghi %(expected)s.")
                                % {"table": table, "found": found, "expected": expected})
    audit = manifest["audit"]
    result = verify_chain(expect_head=audit["head_hash"])
    if not result.ok:
        problems.append(result.message)
    elif result.checked != audit["count"]:
        problems.append(_("Nhật ký có %(found)s sự kiện, bản sao lưu ghi %(expected)s.")
                        % {"found": result.checked, "expected": audit["count"]})
    return problems


@contextmanager
def _unpacked(archive: Path):
    if not Path(archive).is_file():
        raise BackupError(_("Không tìm thấy tệp sao lưu %(path)s.") % {"path": archive})
    with tempfile.TemporaryDirectory(prefix=".hoso-restore-") as work:
        yield Path(work)


def restore_backup(archive: Path, *, force: bool = False) -> dict:
    """Check the archive, restore database and files, then verify counts and audit chain.

    Returns the manifest; raises BackupError (nothing written) on a corrupt archive, a wrong
    engine or key, or a non-empty target; and BackupError after writing if verification fails.
    """
    with _unpacked(archive) as folder:
        manifest = unpack(Path(archive), folder)
        vendor = connections["default"].vendor
        if manifest["engine"] != vendor:
            raise BackupError(_("Bản sao lưu của CSDL %(engine)s, không khôi phục được vào "
                                "%(vendor)s.") % {"engine": manifest["engine"], "vendor": vendor})
        if manifest["key_id"] != storage.key_id() and not force:
            raise BackupError(_("Khóa mã hóa (HOSO_FIELD_KEY) khác với khóa của bản sao lưu: "
                                "tệp đính kèm và số CCCD sẽ không đọc được. Đặt đúng khóa rồi "
                                "chạy lại."))
        if vendor == "postgresql":
            _restore_postgres(folder, manifest, force)
        else:
            _restore_sqlite(folder, manifest, force)
        _restore_attachments(folder, force)
    problems = check_restored(manifest)
    if problems:
        raise BackupError(_("Đã khôi phục nhưng kiểm tra không đạt:") + "\n" + "\n".join(problems))
    return manifest
