"""Backup and restore: every record, file and audit event comes back; a damaged archive is refused.

The data is committed (transactional test) so that pg_dump, another connection, sees it. The
restore runs as its own ``manage.py restore`` process against a fresh database (PostgreSQL: a
database this test creates and drops; SQLite: a new file) and a fresh attachment folder.
"""

import io
import os
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from audit.models import AuditEvent
from documents import storage
from documents.models import Attachment
from documents.tests.factories import PNG, attach, make_document, pdf_bytes
from people.tests.factories import make_person

BASE_DIR = Path(settings.BASE_DIR)
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def attachment_dir(settings, tmp_path):
    settings.HOSO_ATTACHMENT_DIR = tmp_path / "attachments"
    return settings.HOSO_ATTACHMENT_DIR


@pytest.fixture
def data(live_world, attachment_dir):
    """People, documents with encrypted files and the audit events their services wrote."""
    w = live_world
    for n in range(5):
        make_person(w.officer_a, w.hn_cell, f"Phạm Thị Mai {n}", cccd=f"00119000{n:04d}")
    document = make_document(w.officer_a, w.hn, subject="Báo cáo sao lưu")
    files = {
        "bao-cao.pdf": pdf_bytes("Bao cao", pages=3),
        # More than one encryption chunk (1 MiB): the chunk chain must survive the copy.
        "anh.png": PNG + os.urandom(1_500_000),
    }
    for name, content in files.items():
        attach(w.officer_a, document, content, name=name)
    return {"files": files}


def _pg_url(name: str) -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"


def _admin_pg(sql: str) -> None:
    s = connection.settings_dict
    with psycopg.connect(host=s["HOST"] or "127.0.0.1", port=s["PORT"] or 5432, user=s["USER"],
                         password=s.get("PASSWORD") or None, dbname="postgres",
                         autocommit=True) as admin:
        admin.execute(sql)


@pytest.fixture
def fresh_target(tmp_path):
    """An empty database (and the URL a restore process uses for it); dropped afterwards."""
    if connection.vendor == "postgresql":
        name = f"{connection.settings_dict['NAME']}_restored"
        _admin_pg(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        _admin_pg(f'CREATE DATABASE "{name}"')
        yield {"url": _pg_url(name), "name": name}
        _admin_pg(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        path = tmp_path / "restored" / "hoso.sqlite3"
        yield {"url": f"sqlite:///{path}", "name": str(path)}


def _manage(*args, url: str, attachments: Path, check: bool = True):
    env = {**os.environ, "HOSO_DATABASE_URL": url, "HOSO_ATTACHMENT_DIR": str(attachments),
           "HOSO_VAR_DIR": str(attachments.parent / "var"), "HOSO_DB_CONN_MAX_AGE": "0"}
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env,
                            capture_output=True, text=True, timeout=300)
    if check:
        assert result.returncode == 0, result.stderr
    return result


# --- every table, row by row ----------------------------------------------------------------


def _tables(cursor, vendor: str) -> list[str]:
    if vendor == "postgresql":
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
    else:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                       "AND name NOT LIKE 'sqlite_%'")
    return sorted(row[0] for row in cursor.fetchall())


def _all_rows(cursor, vendor: str) -> dict[str, list[tuple]]:
    rows = {}
    for table in _tables(cursor, vendor):
        cursor.execute(f'SELECT * FROM "{table}"')
        rows[table] = sorted(cursor.fetchall(), key=repr)
    return rows


def _source_rows() -> dict:
    if connection.vendor == "postgresql":
        s = connection.settings_dict
        with psycopg.connect(host=s["HOST"] or "127.0.0.1", port=s["PORT"] or 5432,
                             user=s["USER"], password=s.get("PASSWORD") or None,
                             dbname=s["NAME"]) as conn, conn.cursor() as cursor:
            return _all_rows(cursor, "postgresql")
    connection.ensure_connection()
    raw = connection.connection
    factory, raw.row_factory = raw.row_factory, None
    try:
        return _all_rows(raw.cursor(), "sqlite")
    finally:
        raw.row_factory = factory


def _restored_rows(target: dict) -> dict:
    if connection.vendor == "postgresql":
        with psycopg.connect(target["url"].replace("postgres://", "postgresql://", 1)) as conn, \
                conn.cursor() as cursor:
            return _all_rows(cursor, "postgresql")
    # Same converters as Django's own SQLite connection, so values compare equal.
    conn = sqlite3.connect(target["name"], detect_types=connection.connection.detect_types
                           if hasattr(connection.connection, "detect_types")
                           else sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES)
    try:
        return _all_rows(conn.cursor(), "sqlite")
    finally:
        conn.close()


# --- tests ----------------------------------------------------------------------------------


def test_restore_brings_back_every_record_file_and_audit_event(data, tmp_path, fresh_target,
                                                               attachment_dir):
    call_command("backup", str(tmp_path / "backups"))
    archive = next((tmp_path / "backups").glob("hoso-backup-*.tar"))
    head = AuditEvent.objects.order_by("-id").first()
    assert AuditEvent.objects.count() > 10

    restored_files = tmp_path / "restored-attachments"
    result = _manage("restore", str(archive), url=fresh_target["url"], attachments=restored_files)
    assert head.hash in result.stdout

    # Every row of every table, the audit chain's included, is back exactly.
    source, restored = _source_rows(), _restored_rows(fresh_target)
    assert set(restored) == set(source)
    for table, rows in source.items():
        assert restored[table] == rows, table
    assert len(source["audit_auditevent"]) == AuditEvent.objects.count()

    # Each file is still encrypted on disk and decrypts to the bytes uploaded.
    attachments = list(Attachment.objects.all())
    assert len(attachments) == len(data["files"])
    for attachment in attachments:
        copy = restored_files / attachment.storage_key[:2] / attachment.storage_key
        assert copy.read_bytes() == storage.final_path(attachment.storage_key).read_bytes()
        assert data["files"][attachment.original_name] not in copy.read_bytes()
    original_dir = settings.HOSO_ATTACHMENT_DIR
    settings.HOSO_ATTACHMENT_DIR = restored_files
    try:
        for attachment in attachments:
            plain = storage.read_all(attachment.storage_key, attachment.wrapped_key)
            assert plain == data["files"][attachment.original_name]
    finally:
        settings.HOSO_ATTACHMENT_DIR = original_dir

    # The restored chain verifies on its own, up to the head the backup recorded.
    check = _manage("verify_audit", "--expect-head", head.hash, url=fresh_target["url"],
                    attachments=restored_files)
    assert head.hash in check.stdout


def test_restore_refuses_a_database_that_is_not_empty(data, tmp_path, fresh_target):
    archive, _ = _backup(tmp_path)
    files = tmp_path / "again"
    _manage("restore", str(archive), url=fresh_target["url"], attachments=files)
    again = _manage("restore", str(archive), url=fresh_target["url"], attachments=files,
                    check=False)
    assert again.returncode != 0
    assert "không trống" in again.stderr
    forced = _manage("restore", str(archive), "--force", url=fresh_target["url"],
                     attachments=files)
    assert "nguyên vẹn" in forced.stdout


def _backup(tmp_path):
    from core.backup import make_backup

    return make_backup(tmp_path / "backups" / "hoso.tar")


def _rewrite(archive: Path, target: Path, damage) -> Path:
    """A copy of ``archive`` whose member chosen by ``damage(name, bytes)`` is altered."""
    with tarfile.open(archive) as source, tarfile.open(target, "w") as out:
        for member in source.getmembers():
            content = source.extractfile(member).read()
            content = damage(member.name, content)
            member.size = len(content)
            out.addfile(member, io.BytesIO(content))
    return target


def test_restore_refuses_a_damaged_attachment_with_a_clear_message(data, tmp_path, fresh_target):
    archive, manifest = _backup(tmp_path)
    victim = next(name for name in manifest["files"] if name.startswith("attachments/"))

    def flip(name, content):
        return content[:100] + bytes([content[100] ^ 1]) + content[101:] if name == victim else content

    bad = _rewrite(archive, tmp_path / "bad.tar", flip)
    result = _manage("restore", str(bad), url=fresh_target["url"],
                     attachments=tmp_path / "nothing", check=False)
    assert result.returncode != 0
    assert "Bản sao lưu bị hỏng" in result.stderr and victim in result.stderr
    assert not (tmp_path / "nothing").exists() or not any((tmp_path / "nothing").rglob("*"))
    assert _restored_tables(fresh_target) == 0


def test_restore_refuses_a_truncated_archive(data, tmp_path, fresh_target):
    archive, _ = _backup(tmp_path)
    cut = tmp_path / "cut.tar"
    cut.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    result = _manage("restore", str(cut), url=fresh_target["url"],
                     attachments=tmp_path / "nothing", check=False)
    assert result.returncode != 0
    assert "Bản sao lưu bị hỏng" in result.stderr
    assert _restored_tables(fresh_target) == 0


def test_restore_refuses_an_archive_whose_manifest_was_edited(data, tmp_path):
    archive, _ = _backup(tmp_path)

    def drop_a_file(name, content):
        if name == "manifest.json":
            return content.replace(b'"attachments/', b'"attachments/x', 1)
        return content

    bad = _rewrite(archive, tmp_path / "bad.tar", drop_a_file)
    with pytest.raises(CommandError, match="Bản sao lưu bị hỏng"):
        call_command("restore", str(bad))


def test_backup_includes_a_committed_file_not_yet_moved_into_place(data, tmp_path):
    """The row committed but the on-commit move did not run (crash): the file is in tmp/."""
    attachment = Attachment.objects.first()
    final = storage.final_path(attachment.storage_key)
    storage.temp_path(attachment.storage_key).parent.mkdir(parents=True, exist_ok=True)
    os.replace(final, storage.temp_path(attachment.storage_key))
    _, manifest = _backup(tmp_path)
    assert manifest["missing_attachments"] == []
    key = attachment.storage_key
    assert f"attachments/{key[:2]}/{key}" in manifest["files"]


def _restored_tables(target: dict) -> int:
    if connection.vendor == "postgresql":
        with psycopg.connect(target["url"].replace("postgres://", "postgresql://", 1)) as conn:
            return conn.execute("SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'public'"
                                ).fetchone()[0]
    path = Path(target["name"])
    if not path.exists():
        return 0
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
