"""Faults: a server killed -9 mid-save, a database restarted under load, a full disk on upload,
two approvals of the same step at once. Each runs the real thing (processes, threads, a tmpfs),
and checks what users and the data see afterwards.

Kill -9 during imports is tested by the import engine's own tests (transfer app).
"""

import errno
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager, suppress
from datetime import date
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.db import connection
from django.urls import reverse

from accounts.choices import Role
from accounts.tests.factories import make_user
from audit.models import AuditEvent
from core.choices import Classification
from core.tests.api_client import token_for
from documents.models import Attachment
from documents.tests.factories import PNG, files_in, make_document, upload

BASE_DIR = Path(settings.BASE_DIR)
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
DISK_FULL = "Ổ đĩa lưu tệp đã đầy"
DB_DOWN = "Cơ sở dữ liệu tạm thời không trả lời"


# --- helpers: free ports, a real server process ----------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, log: Path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"server exited: {log.read_text()[-3000:]}")
        with suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return
        time.sleep(0.2)
    raise AssertionError("server did not start")


def server_env(database_url: str, attachments: Path, **extra) -> dict:
    return {**os.environ, "HOSO_DATABASE_URL": database_url,
            "HOSO_ATTACHMENT_DIR": str(attachments), "HOSO_VAR_DIR": str(attachments.parent),
            "HOSO_DB_CONN_MAX_AGE": "0", "HOSO_TASKS_IMMEDIATE": "1", **extra}


@contextmanager
def gunicorn(env: dict, *, workers: int = 2, threads: int = 4):
    """A gunicorn server in its own process group; yields (base URL, Popen).

    Its log goes to a file: a pipe nobody reads fills up (64 KiB of error tracebacks while the
    database is down) and then blocks every worker on its next log line.
    """
    port = free_port()
    log = Path(tempfile.mkdtemp(prefix="hoso-gunicorn-")) / "gunicorn.log"
    with open(log, "w") as log_file:
        process = subprocess.Popen(
            [GUNICORN, "hoso.wsgi:application", "-b", f"127.0.0.1:{port}", "-w", str(workers),
             "--threads", str(threads), "--timeout", "60", "--graceful-timeout", "1"],
            cwd=BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=log_file,
            start_new_session=True)
    try:
        wait_for_port(port, process, log)
        yield f"http://127.0.0.1:{port}", process
    finally:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        shutil.rmtree(log.parent, ignore_errors=True)


def _test_db_url() -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


# --- a) the server killed -9 in the middle of saves ------------------------------------------


@pytest.fixture
def served_database(live_world, tmp_path):
    """The committed test world (plus a document and a token), reachable by a server process,
    and a way to query that database raw."""
    w = live_world
    extra = {"document": make_document(w.officer_a, w.hn, subject="Văn bản thử tắt máy chủ"),
             "token": token_for(w.officer_a), "world": w}
    if connection.vendor == "postgresql":
        def query(sql):
            with connection.cursor() as cursor:
                cursor.execute(sql)
                return cursor.fetchall()
        yield {"url": _test_db_url(), "query": query, **extra}
        return
    # SQLite: the test database lives in memory; the server gets a file copy (online backup).
    path = tmp_path / "served.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(path) as copy:
        connection.connection.backup(copy)
    copy.close()

    def query(sql):
        with sqlite3.connect(path) as conn:
            return conn.execute(sql).fetchall()
    yield {"url": f"sqlite:///{path}", "query": query, **extra}


DIGITS = ["Không", "Một", "Hai", "Ba", "Bốn", "Năm", "Sáu", "Bảy", "Tám", "Chín"]


def _spelled(number: int) -> str:
    """A number as words (names refuse digits): 12 -> "Một Hai"."""
    return " ".join(DIGITS[int(d)] for d in str(number))


def _saver(base: str, token: str, unit_id: int, document_id: int, worker: int,
           acknowledged: list, refused: list, stop: threading.Event) -> None:
    """Save people and attachments until the server dies; keep what it acknowledged."""
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token}"
    n = 0
    while not stop.is_set():
        n += 1
        try:
            if n % 3:
                name = f"Thử Nghiệm {_spelled(worker)} {_spelled(n)}"
                response = session.post(f"{base}/api/v1/people", json={
                    "full_name": name, "sex": "NAM", "org_unit": unit_id, "birth_year": 1980,
                    "cccd": f"0{worker:02d}{n:09d}"}, timeout=30)
                if response.status_code == 201:
                    acknowledged.append(("person", response.json()["id"], name))
                else:
                    refused.append((response.status_code, response.text[:300]))
            else:
                body = PNG + os.urandom(20_000)
                response = session.post(f"{base}/api/v1/documents/{document_id}/attachments",
                                        files={"file": (f"anh-{worker}-{n}.png", body)},
                                        timeout=30)
                if response.status_code == 201:
                    acknowledged.append(("attachment", response.json()["id"], ""))
                else:
                    refused.append((response.status_code, response.text[:300]))
        except requests.RequestException as exc:
            refused.append((0, str(exc)[:300]))
            return  # the server is gone


def _check_nothing_partial(query, acknowledged: list, attachments: Path) -> dict:
    """Every acknowledged save is there; every record present is whole."""
    people = {row[0]: row for row in query(
        "SELECT id, full_name, name_folded, name_sorted, cccd_index FROM people_person")}
    attached = {row[0]: row[1] for row in query(
        "SELECT id, storage_key FROM documents_attachment")}
    created = {(row[0], row[1]) for row in query(
        "SELECT target_type, target_id FROM audit_auditevent WHERE action = 'CREATE'")}
    for kind, pk, name in acknowledged:
        if kind == "person":
            assert pk in people and people[pk][1] == name, f"acknowledged person {pk} lost"
        else:
            assert pk in attached, f"acknowledged attachment {pk} lost"
    for pk, _name, folded, sorted_, cccd_index in people.values():
        assert folded and sorted_ and cccd_index, f"person {pk} without its search keys"
        assert ("people.person", str(pk)) in created, f"person {pk} without its audit event"
    if connection.vendor == "sqlite":
        indexed = {row[0] for row in query("SELECT rowid FROM people_person_fts")}
        assert set(people) <= indexed, "people missing from the name index"
    for pk, key in attached.items():
        assert ("documents.attachment", str(pk)) in created, f"attachment {pk} without audit"
        on_disk = (attachments / key[:2] / key).exists() or (
            attachments / "tmp" / f"{key}.part").exists()
        assert on_disk, f"attachment {pk} without its file"
    return {"people": len(people), "attachments": len(attached)}


def test_server_killed_mid_save_loses_no_acknowledged_write_and_leaves_none_partial(
        served_database, tmp_path):
    w, document, token = (served_database[k] for k in ("world", "document", "token"))
    before = served_database["query"]("SELECT COUNT(*) FROM people_person")[0][0]
    attachments = tmp_path / "attachments"
    acknowledged, refused, stop = [], [], threading.Event()
    env = server_env(served_database["url"], attachments)
    with gunicorn(env) as (base, process):
        threads = [threading.Thread(target=_saver, daemon=True, args=(
            base, token, w.hn_cell.pk, document.pk, i, acknowledged, refused, stop))
            for i in range(8)]
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 120
        while len(acknowledged) < 40 and time.monotonic() < deadline and len(refused) < 20:
            time.sleep(0.05)
        os.killpg(process.pid, signal.SIGKILL)  # mid-way: saves are in flight right now
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
    assert len(acknowledged) >= 10, refused[:3]  # 40 unless the machine is very loaded
    found = _check_nothing_partial(served_database["query"], acknowledged, attachments)
    assert found["people"] - before >= sum(1 for a in acknowledged if a[0] == "person")


# --- b) PostgreSQL restarted under load ------------------------------------------------------


def _pg_bindir() -> Path:
    return Path(subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True,
                               check=True).stdout.strip())


def _as_postgres(*command: str) -> subprocess.CompletedProcess:
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return subprocess.run([*prefix, *command], capture_output=True, text=True, timeout=120)


@pytest.fixture
def private_postgres():
    """A PostgreSQL of our own on a loopback port (never the shared one), removed afterwards."""
    if shutil.which("pg_config") is None or (os.geteuid() == 0 and shutil.which("runuser") is None):
        pytest.skip("PostgreSQL server programs are not installed")
    bindir, port = _pg_bindir(), free_port()
    folder = Path(tempfile.mkdtemp(prefix="hoso-pg-"))
    data = folder / "data"
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    init = _as_postgres(str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres",
                        "--no-sync", "-E", "UTF8", "--locale=C.UTF-8")
    if init.returncode != 0:
        shutil.rmtree(folder, ignore_errors=True)
        pytest.skip(f"initdb failed: {init.stderr[-500:]}")
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
    pg_ctl = [str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(folder / "log")]
    assert _as_postgres(*pg_ctl, "-w", "start").returncode == 0
    try:
        yield {"port": port, "pg_ctl": pg_ctl, "url": f"postgres://postgres@127.0.0.1:{port}/hoso"}
    finally:
        _as_postgres(*pg_ctl, "-m", "immediate", "stop")
        shutil.rmtree(folder, ignore_errors=True)


def _manage(env: dict, *args: str) -> str:
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


MAKE_TOKEN = """
from accounts.choices import Role
from accounts.tests.factories import make_user
from core.choices import Classification
from core.tests.api_client import token_for
from orgs.choices import OrgKind
from orgs.tests.factories import make_unit
unit = make_unit("Trung ương", OrgKind.TW)
print(token_for(make_user("pg_admin", unit, Role.ADMIN, Classification.TUYET_MAT)))
"""


@pytest.mark.skipif(os.environ.get("HOSO_DATABASE_URL", "").startswith("postgres") is False,
                    reason="the PostgreSQL restart test runs in the PostgreSQL half of the suite")
def test_postgres_restart_gives_a_clear_503_then_recovers_without_restarting_the_app(
        private_postgres, tmp_path):
    pg = private_postgres
    assert _as_postgres(str(_pg_bindir() / "createdb"), "-h", "127.0.0.1", "-p",
                        str(pg["port"]), "-U", "postgres", "hoso").returncode == 0
    # Persistent connections (60 s) as in production: the restart kills them under the app.
    env = server_env(pg["url"], tmp_path / "attachments", HOSO_DB_CONN_MAX_AGE="60")
    _manage(env, "migrate", "--noinput", "-v0")
    token = _manage(env, "shell", "-c", MAKE_TOKEN).strip().splitlines()[-1]
    results, stop = [], threading.Event()

    def reader():
        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {token}"
        while not stop.is_set():
            try:
                response = session.get(f"{base}/api/v1/orgs", timeout=30)
                results.append((time.monotonic(), response.status_code, response.text))
            except requests.RequestException as exc:
                results.append((time.monotonic(), 0, str(exc)))
            time.sleep(0.02)

    # Daemon threads, stopped in `finally`: a failed assertion must not leave them polling
    # forever (they kept pytest from exiting after the suite once).
    with gunicorn(env, workers=2, threads=2) as (base, _process):
        threads = [threading.Thread(target=reader, daemon=True) for _ in range(4)]
        for thread in threads:
            thread.start()
        try:
            time.sleep(2)
            assert _as_postgres(*pg["pg_ctl"], "-m", "fast", "-w", "stop").returncode == 0
            down_from = time.monotonic()
            time.sleep(2)  # requests keep coming while the database is down
            page = requests.get(f"{base}/", cookies={"sessionid": "x" * 32}, timeout=30)
            starting = time.monotonic()  # the server may answer before `pg_ctl -w start` returns
            assert _as_postgres(*pg["pg_ctl"], "-w", "start").returncode == 0
            up_at = time.monotonic()
            time.sleep(3)
        finally:
            stop.set()
            for thread in threads:
                thread.join(timeout=60)
    statuses = {status for _at, status, _text in results}
    assert statuses <= {200, 503}, [r for r in results if r[1] not in (200, 503)][:3]
    outage = [r for r in results if down_from + 0.2 < r[0] < starting]
    assert outage and all(status == 503 and DB_DOWN in text for _at, status, text in outage)
    assert page.status_code == 503 and DB_DOWN in page.text
    assert page.headers["Retry-After"]
    after = [status for at, status, _text in results if at > up_at + 1]
    assert after and all(status == 200 for status in after)  # recovered by itself
    first_ok = min(at for at, status, _text in results if at > up_at and status == 200)
    print(f"\n{len(results)} requests, {sum(r[1] == 503 for r in results)} answered 503 while "
          f"the database was down; first 200 {first_ok - up_at:.2f} s after it was back")


# --- c) disk full on upload ------------------------------------------------------------------


@pytest.fixture
def tiny_disk(settings):
    """A 64 KiB tmpfs as the attachment store (skipped where mounting is not permitted)."""
    folder = Path(tempfile.mkdtemp(prefix="hoso-full-"))
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        folder.rmdir()
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    settings.HOSO_ATTACHMENT_DIR = folder / "attachments"
    try:
        yield settings.HOSO_ATTACHMENT_DIR
    finally:
        subprocess.run(["umount", str(folder)], check=False)
        folder.rmdir()


def _upload_page(client, document, content: bytes, capture):
    with capture(execute=True):
        return client.post(reverse("documents:upload", kwargs={"document_id": document.pk}),
                           {"file": upload(content, "anh-lon.png")})


def test_disk_full_on_upload_says_so_and_leaves_no_record_and_no_file(
        client, world, tiny_disk, django_capture_on_commit_callbacks):
    document = make_document(world.officer_a, world.hn)
    client.force_login(world.officer_a)
    events = AuditEvent.objects.count()
    response = _upload_page(client, document, PNG + os.urandom(300_000),
                            django_capture_on_commit_callbacks)
    assert response.status_code == 400
    assert DISK_FULL in response.content.decode()
    assert not Attachment.objects.exists()
    assert files_in(tiny_disk) == []  # the partial file is gone, so is its space
    assert AuditEvent.objects.count() == events
    # With the space back, a small file goes through at once.
    response = _upload_page(client, document, PNG + b"\x00" * 1000,
                            django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert Attachment.objects.count() == 1


def test_disk_full_through_the_api_is_a_400_with_the_message(client, world, tiny_disk):
    document = make_document(world.officer_a, world.hn)
    response = client.post(f"/api/v1/documents/{document.pk}/attachments",
                           {"file": upload(PNG + os.urandom(300_000), "anh.png")},
                           headers={"Authorization": f"Bearer {token_for(world.officer_a)}"})
    assert response.status_code == 400
    assert DISK_FULL in response.json()["errors"]["file"][0]
    assert not Attachment.objects.exists()
    assert files_in(tiny_disk) == []


def test_disk_full_at_the_last_write_is_refused_the_same_way(client, world, settings, tmp_path,
                                                             monkeypatch,
                                                             django_capture_on_commit_callbacks):
    """Where no tmpfs can be mounted: the sync after the last block fails with ENOSPC."""
    settings.HOSO_ATTACHMENT_DIR = tmp_path / "attachments"

    def full(_fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("documents.storage.os.fsync", full)
    document = make_document(world.officer_a, world.hn)
    client.force_login(world.officer_a)
    response = _upload_page(client, document, PNG + b"\x00" * 1000,
                            django_capture_on_commit_callbacks)
    assert response.status_code == 400 and DISK_FULL in response.content.decode()
    assert not Attachment.objects.exists()
    assert files_in(settings.HOSO_ATTACHMENT_DIR) == []


# --- d) two approvals of the same step at once -----------------------------------------------


def _race(*calls):
    """Run the calls in threads released together; returns each one's result or exception."""
    barrier, outcomes = threading.Barrier(len(calls)), [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=30)
            outcomes[index] = call()
        except Exception as exc:  # noqa: BLE001 - the loser's refusal is the point
            outcomes[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c), daemon=True)
               for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


needs_postgres = pytest.mark.skipif(
    not os.environ.get("HOSO_DATABASE_URL", "").startswith("postgres"),
    reason="real concurrent transactions: PostgreSQL (SQLite serialises writers anyway)")


@needs_postgres
def test_two_leaders_approving_the_same_trip_step_at_once_exactly_one_wins(live_world):
    from travel import services
    from travel.choices import Decision
    from travel.models import Approval
    from travel.tests.factories import make_trip, submit
    from travel.workflow import Refused

    w = live_world
    leaders = [make_user(f"leader_{n}", w.hn, Role.LEADER, Classification.MAT) for n in (1, 2)]
    trip = submit(w.officer_a, make_trip(w.officer_a, w.hn, [w.person_a]))
    step = trip.approvals.order_by("pk").first()
    before = AuditEvent.objects.count()
    # Each approver loaded the page (the step still pending) before either decided.
    pending = [Approval.objects.get(pk=step.pk) for _leader in leaders]
    outcomes = _race(*(lambda leader=leader, approval=approval: services.do_decide_approval(
        actor=leader, approval=approval, decision=Decision.APPROVED,
        decided_on=date(2026, 2, 10), document_number="12-CV/TU")
        for leader, approval in zip(leaders, pending, strict=True)))
    losers = [o for o in outcomes if isinstance(o, Exception)]
    assert len(losers) == 1 and isinstance(losers[0], Refused), outcomes
    assert "đã được ghi" in str(losers[0])
    step.refresh_from_db()
    winner = leaders[outcomes.index(next(o for o in outcomes if not isinstance(o, Exception)))]
    assert step.decision == Decision.APPROVED and step.approver_id == winner.pk
    decided = AuditEvent.objects.filter(id__gt=before, after__approval_id=step.pk)
    assert decided.count() == 1


@needs_postgres
def test_two_second_approvals_of_one_conclusion_at_once_exactly_one_wins(live_world):
    from vetting.services import (
        RuleBroken,
        do_approve_conclusion,
        do_propose_conclusion,
        do_record_explanation,
        do_request_explanation,
    )
    from vetting.tests.factories import make_case, to_appraising
    from vetting.tests.test_rules import ADVERSE

    w = live_world
    leaders = [make_user(f"leader_{n}", w.hn, Role.LEADER, Classification.MAT)
               for n in (1, 2, 3)]
    case = to_appraising(make_case(w.officer_a, w.hn, w.person_a), leaders[0], w.officer_a)
    explanation = do_request_explanation(actor=w.officer_a, case=case, data={
        "points": "Giải trình", "requested_on": date(2026, 2, 2)})
    do_record_explanation(actor=w.officer_a, explanation=explanation,
                          data={"received_on": date(2026, 2, 5), "summary": "Khai sót"})
    conclusion = do_propose_conclusion(actor=w.officer_a, case=case, data=dict(ADVERSE))
    outcomes = _race(*(lambda leader=leader: do_approve_conclusion(actor=leader, case=case)
                       for leader in leaders[1:]))
    losers = [o for o in outcomes if isinstance(o, Exception)]
    assert len(losers) == 1 and isinstance(losers[0], RuleBroken), outcomes
    conclusion.refresh_from_db()
    winner = leaders[1 + outcomes.index(next(o for o in outcomes if not isinstance(o, Exception)))]
    assert conclusion.second_approver_id == winner.pk


# --- a') killed between the commit and the move of the file ----------------------------------


def test_a_file_committed_but_not_moved_before_a_crash_is_read_and_then_moved_not_swept(
        world, settings, tmp_path):
    """The on-commit move never ran (kill -9 right after COMMIT): the row's file is in tmp/."""
    from documents import services, storage

    settings.HOSO_ATTACHMENT_DIR = tmp_path / "attachments"
    document = make_document(world.officer_a, world.hn)
    content = PNG + os.urandom(5000)
    # No captureOnCommitCallbacks: the test transaction never commits, so the move never runs.
    attachment = services.do_attach_file(actor=world.officer_a, document=document,
                                         upload=upload(content, "anh.png"))
    key = attachment.storage_key
    assert storage.temp_path(key).exists() and not storage.final_path(key).exists()
    assert storage.read_all(key, attachment.wrapped_key) == content
    old = time.time() - 3 * 24 * 3600
    os.utime(storage.temp_path(key), (old, old))
    assert storage.sweep_temp() == 0  # not deleted although older than a day: it has its row
    assert storage.final_path(key).exists() and not storage.temp_path(key).exists()
    assert storage.read_all(key, attachment.wrapped_key) == content


# --- b') the 503 itself, without a database server to stop -----------------------------------


def _database_gone(*args, **kwargs):
    from django.db import OperationalError

    raise OperationalError("server closed the connection unexpectedly")


def test_a_page_during_a_database_outage_is_a_vietnamese_503(client, world, monkeypatch):
    monkeypatch.setattr("django.contrib.sessions.backends.db.SessionStore.load", _database_gone)
    client.raise_request_exception = False  # as a real server: the response, not the error
    client.cookies["sessionid"] = "x" * 32
    response = client.get("/")
    assert response.status_code == 503
    assert DB_DOWN in response.content.decode()
    assert response["Retry-After"] == "30"


def test_the_api_during_a_database_outage_is_a_json_503(client, world, monkeypatch):
    monkeypatch.setattr("accounts.api_auth.BearerTokenAuth.authenticate", _database_gone)
    response = client.get("/api/v1/orgs", headers={"Authorization": "Bearer whatever"})
    assert response.status_code == 503
    assert DB_DOWN in response.json()["detail"]
