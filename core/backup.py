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


def _attachment_sources(keys: list[str]) -> tuple[dict[str, Path], list[str]]:
    """Archive name → stored file for each referenced key; and the keys found on neither path."""
    sources, missing = {}, []
    for key in keys:
        source = storage.final_path(key)
        if not source.exists():
            source = storage.temp_path(key)  # committed, not yet moved into place
        if source.exists():
            sources[f"{ATTACHMENTS}/{key[:2]}/{key}"] = source
        else:
            missing.append(key)
    return sources, missing


def make_backup(destination: Path) -> tuple[Path, dict]:
    """Write one backup archive at ``destination`` (a folder or a .tar path); returns it and
    its manifest.

    Only the database copy is staged; attachments are hashed, then streamed into the archive
    from where they are stored (they are immutable), so the backup needs one copy's space.
    """
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
        sources, missing = _attachment_sources(snap.storage_keys)
        sources = {db_file: folder / db_file, **sources}
        files = {name: {"sha256": sha256_of(path), "size": path.stat().st_size}
                 for name, path in sources.items()}
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "engine": engine,
            "database_file": db_file,
            "key_id": storage.key_id(),
            "counts": snap.counts,
            "attachments": len(sources) - 1,
            "missing_attachments": missing,
            "audit": {"count": snap.audit_count, "head_id": snap.audit_head_id,
                      "head_hash": snap.audit_head_hash},
            "files": files,
        }
        (folder / MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False))
        partial = archive.with_name(archive.name + ".part")
        try:
            with tarfile.open(partial, "w") as tar:
                tar.add(folder / MANIFEST, arcname=MANIFEST)  # first: restore reads it first
                for name, path in sources.items():
                    tar.add(path, arcname=name)
            with open(partial, "rb") as done:
                os.fsync(done.fileno())
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        os.replace(partial, archive)
    return archive, manifest


# --- restore ------------------------------------------------------------------------------------


def _corrupt(detail: str) -> BackupError:
    return BackupError(_("Bản sao lưu bị hỏng hoặc đã bị sửa, không khôi phục: %(detail)s")
                       % {"detail": detail})


def _read_manifest(tar: tarfile.TarFile) -> tuple[dict, tarfile.TarInfo]:
    first = tar.next()
    if first is None or first.name != MANIFEST or not first.isfile():
        raise _corrupt(_("thiếu tệp mô tả %(name)s ở đầu bản sao lưu") % {"name": MANIFEST})
    try:
        manifest = json.loads(tar.extractfile(first).read())
        manifest["files"].items()
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise _corrupt(_("hỏng tệp mô tả %(name)s") % {"name": MANIFEST}) from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(_("Định dạng bản sao lưu %(format)s không được hỗ trợ.")
                          % {"format": manifest.get("format")})
    return manifest, first


def verify_archive(archive: Path) -> dict:
    """Read the whole archive once, hashing each member against the manifest (nothing is
    written); returns the manifest or raises BackupError naming the first problem."""
    try:
        with tarfile.open(archive, "r") as tar:
            manifest, first = _read_manifest(tar)
            files, seen = manifest["files"], set()
            for member in tar:
                if member is first:  # the manifest itself, read above
                    continue
                if member.name not in files or not member.isfile():
                    raise _corrupt(_("có tệp lạ %(name)s không có trong tệp mô tả")
                                   % {"name": member.name})
                digest, source = hashlib.sha256(), tar.extractfile(member)
                while block := source.read(_READ_BLOCK):
                    digest.update(block)
                if digest.hexdigest() != files[member.name]["sha256"]:
                    raise _corrupt(_("tệp %(name)s không khớp mã băm SHA-256 trong tệp mô tả")
                                   % {"name": member.name})
                seen.add(member.name)
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise _corrupt(_("không đọc được tệp lưu trữ (%(error)s)") % {"error": exc}) from exc
    for name in sorted(set(files) - seen):
        raise _corrupt(_("thiếu tệp %(name)s") % {"name": name})
    return manifest


def _extract_all(archive: Path, manifest: dict, db_copy: Path) -> int:
    """One pass over the checked archive: the database copy to ``db_copy``, each attachment
    straight to its place (written beside it, then renamed); returns how many files."""
    restored = 0
    with tarfile.open(archive, "r") as tar:
        for index, member in enumerate(tar):
            if index == 0:  # the manifest
                continue
            if member.name == manifest["database_file"]:
                target = db_copy
            else:
                target = storage.final_path(member.name.rsplit("/", 1)[-1])
                restored += 1
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_name(target.name + ".restore-part")
            with tar.extractfile(member) as source, open(partial, "wb") as out:
                shutil.copyfileobj(source, out, _READ_BLOCK)
            os.replace(partial, target)
    return restored


def _postgres_is_empty(cursor) -> bool:
    cursor.execute("SELECT COUNT(*) FROM pg_tables WHERE schemaname = current_schema()")
    return cursor.fetchone()[0] == 0


def _make_room_postgres(force: bool) -> None:
    """Refuse a database with tables, or (``force``) drop them all."""
    conn = connections["default"]
    with conn.cursor() as cursor:
        if not _postgres_is_empty(cursor):
            if not force:
                raise BackupError(_not_empty_message(conn.settings_dict["NAME"]))
            cursor.execute("DROP SCHEMA public CASCADE")
            cursor.execute("CREATE SCHEMA public")
    conn.close()


def _restore_postgres(dump: Path) -> None:
    conn = connections["default"]
    _run([pg_bin("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error",
          "--single-transaction", "-d", conn.settings_dict["NAME"], str(dump)],
         pg_env(conn.settings_dict), _("Khôi phục CSDL (pg_restore)"))


def _sqlite_path() -> Path:
    return Path(connections["default"].settings_dict["NAME"])


def _make_room_sqlite(force: bool) -> None:
    target = _sqlite_path()
    connections["default"].close()
    if target.exists() and target.stat().st_size > 0:
        with sqlite3.connect(target) as existing:
            tables = existing.execute("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'"
                                      ).fetchone()[0]
        if tables and not force:
            raise BackupError(_not_empty_message(str(target)))


def _restore_sqlite(copy: Path) -> None:
    target = _sqlite_path()
    connections["default"].close()
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".restore-part")
    shutil.copyfile(copy, partial)
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    os.replace(partial, target)


def _not_empty_message(name: str) -> str:
    return _("CSDL %(name)s không trống: khôi phục chỉ ghi vào CSDL trống (tạo CSDL mới), hoặc "
             "chạy lại với --force để XÓA dữ liệu hiện có rồi khôi phục.") % {"name": name}


def _check_attachment_folder(manifest: dict, force: bool) -> None:
    """Refuse to overwrite a different file already in the attachment folder (unless force)."""
    if force:
        return
    for name, expected in manifest["files"].items():
        if not name.startswith(f"{ATTACHMENTS}/"):
            continue
        target = storage.final_path(name.rsplit("/", 1)[-1])
        if target.exists() and sha256_of(target) != expected["sha256"]:
            raise BackupError(_("Thư mục tệp đính kèm đã có tệp %(name)s khác với bản sao lưu; "
                                "dùng thư mục trống hoặc --force.") % {"name": target.name})


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


def restore_backup(archive: Path, *, force: bool = False) -> dict:
    """Check the archive, restore database and files, then verify counts and audit chain.

    Returns the manifest; raises BackupError (nothing written) on a corrupt archive, a wrong
    engine or key, or a non-empty target; and BackupError after writing if verification fails.
    """
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(_("Không tìm thấy tệp sao lưu %(path)s.") % {"path": archive})
    manifest = verify_archive(archive)
    vendor = connections["default"].vendor
    if manifest["engine"] != vendor:
        raise BackupError(_("Bản sao lưu của CSDL %(engine)s, không khôi phục được vào "
                            "%(vendor)s.") % {"engine": manifest["engine"], "vendor": vendor})
    if manifest["key_id"] != storage.key_id() and not force:
        raise BackupError(_("Khóa mã hóa (HOSO_FIELD_KEY) khác với khóa của bản sao lưu: "
                            "tệp đính kèm và số CCCD sẽ không đọc được. Đặt đúng khóa rồi "
                            "chạy lại."))
    _check_attachment_folder(manifest, force)
    if vendor == "postgresql":
        _make_room_postgres(force)
    else:
        _make_room_sqlite(force)
    with tempfile.TemporaryDirectory(prefix=".hoso-restore-") as work:
        db_copy = Path(work) / "database"
        _extract_all(archive, manifest, db_copy)
        if vendor == "postgresql":
            _restore_postgres(db_copy)
        else:
            _restore_sqlite(db_copy)
    problems = check_restored(manifest)
    if problems:
        raise BackupError(_("Đã khôi phục nhưng kiểm tra không đạt:") + "\n" + "\n".join(problems))
    return manifest
