"""Read replicas: the test starts its own PostgreSQL primary and streaming replica on loopback
ports (initdb, pg_ctl, pg_basebackup -R from the installed PostgreSQL), migrates the primary and
runs core/tests/replica_probe.py against them in a subprocess, with HOSO_REPLICA_URLS set.

It proves hoso/db_router.py: writes land on the primary and replicate; a list page is read from
the replica (a row written while replay is paused is missing); right after the user's own save
the user's reads go to the primary; after the sticky window they go to the replica again; inside
a transaction reads stay on the primary. It prints the replication lag it measured.

PostgreSQL half of the suite only (skipped on SQLite runs and when the tools are missing).
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
STICKY_SECONDS = 3

postgres_only = pytest.mark.skipif(
    not settings.IS_POSTGRES, reason="PostgreSQL half of the suite only"
)


def _bindir() -> Path | None:
    pg_config = shutil.which("pg_config")
    if pg_config is None:
        return None
    result = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True)
    bindir = Path(result.stdout.strip())
    tools = ("initdb", "pg_ctl", "pg_basebackup")
    return bindir if all((bindir / tool).exists() for tool in tools) else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Cluster:
    """PostgreSQL servers in a temporary directory, run as the postgres user when we are root
    (initdb refuses root)."""

    def __init__(self, bindir: Path):
        self.bindir = bindir
        self.as_postgres = os.getuid() == 0
        if self.as_postgres and shutil.which("runuser") is None:
            pytest.skip("running as root without runuser: initdb refuses root")
        self.dir = Path(tempfile.mkdtemp(prefix="hoso-replica-"))
        if self.as_postgres:
            shutil.chown(self.dir, "postgres", "postgres")
        self.started: list[Path] = []

    def run(self, tool: str, *args: str, timeout: int = 120) -> None:
        command = [str(self.bindir / tool), *args]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                                cwd=self.dir)
        assert result.returncode == 0, f"{tool}: {result.stdout}\n{result.stderr}"

    def start(self, name: str, port: int) -> None:
        data = self.dir / name
        options = (f"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.dir}"
                   " -c fsync=off -c full_page_writes=off -c shared_buffers=32MB"
                   " -c max_connections=40")
        self.run("pg_ctl", "-D", str(data), "-l", str(self.dir / f"{name}.log"), "-o", options,
                 "-w", "-t", "60", "start")
        self.started.append(data)

    def stop_all(self) -> None:
        for data in reversed(self.started):
            try:
                self.run("pg_ctl", "-D", str(data), "-m", "immediate", "-w", "stop")
            except AssertionError:
                pass
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture(scope="module")
def primary_and_replica():
    bindir = _bindir()
    if bindir is None:
        pytest.skip("PostgreSQL server tools (pg_config, initdb, pg_ctl, pg_basebackup) missing")
    cluster = Cluster(bindir)
    try:
        primary_port, replica_port = _free_port(), _free_port()
        cluster.run("initdb", "-D", str(cluster.dir / "primary"), "-U", "postgres",
                    "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")
        cluster.start("primary", primary_port)
        # -R writes standby.signal and primary_conninfo: the copy starts as a streaming replica.
        cluster.run("pg_basebackup", "-h", "127.0.0.1", "-p", str(primary_port), "-U",
                    "postgres", "-D", str(cluster.dir / "replica"), "-R", "-X", "stream",
                    "-c", "fast", "--no-sync")
        cluster.start("replica", replica_port)
        import psycopg

        with psycopg.connect(f"host=127.0.0.1 port={primary_port} user=postgres dbname=postgres",
                             autocommit=True) as conn:
            conn.execute("CREATE DATABASE hoso")
        yield (f"postgres://postgres@127.0.0.1:{primary_port}/hoso",
               f"postgres://postgres@127.0.0.1:{replica_port}/hoso")
    finally:
        cluster.stop_all()


def _env(primary: str, replica: str) -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith("HOSO_")}
    env.update(HOSO_DATABASE_URL=primary, HOSO_REPLICA_URLS=replica, HOSO_DB_CONN_MAX_AGE="0",
               HOSO_REPLICA_STICKY_SECONDS=str(STICKY_SECONDS),
               HOSO_VAR_DIR=tempfile.mkdtemp(prefix="hoso-replica-var-"))
    return env


@postgres_only
def test_reads_go_to_the_replica_and_own_writes_to_the_primary(primary_and_replica):
    primary, replica = primary_and_replica
    env = _env(primary, replica)
    started = time.perf_counter()
    migrate = subprocess.run([sys.executable, "manage.py", "migrate", "--noinput",
                              "--skip-checks"], cwd=ROOT, env=env, capture_output=True,
                             text=True, timeout=600)
    assert migrate.returncode == 0, migrate.stderr
    migrate_seconds = time.perf_counter() - started
    probe = subprocess.run([sys.executable, str(ROOT / "core/tests/replica_probe.py")], cwd=ROOT,
                           env=env, capture_output=True, text=True, timeout=600)
    assert probe.returncode == 0, probe.stdout + probe.stderr
    line = next(line for line in probe.stdout.splitlines() if line.startswith("PROBE "))
    seen = json.loads(line.removeprefix("PROBE "))
    print(f"migrate {migrate_seconds:.1f} s; replication lag (ms): {seen['lag_ms']}")

    assert seen["replicas"] == ["replica1"]
    assert seen["primary_in_recovery"] is False and seen["replica_in_recovery"] is True
    # A write lands on the primary and replicates.
    assert seen["world_on_replica"] is True
    # Replay paused: the list is read from the replica, which does not have the new row yet.
    assert seen["paused_on_primary"] is True and seen["paused_on_replica"] is False
    assert seen["paused_list"] == [False, "replica1"]
    # The user's own save pins their reads to the primary: they see it at once.
    assert seen["save_status"] == 302 and seen["sticky_cookie"] is True
    assert seen["own_write_redirect"] is True
    assert seen["own_write_list"] == [True, None]
    assert seen["own_write_detail"] == 200
    # After the sticky window: the replica again (still paused, so the row is not there).
    assert seen["after_window_list"] == [False, "replica1"]
    # Code that asks for the replica reads it, except inside a transaction.
    assert seen["task_read_alias"] == "replica1" and seen["task_sees_new_row"] is False
    assert seen["atomic_read_alias"] == "default" and seen["atomic_sees_new_row"] is True
    # Replay resumed: the replica serves both rows.
    assert seen["resumed_list"] == [[True, "replica1"], [True, "replica1"]]
    # Streaming replication on loopback: well under a second per committed save.
    assert seen["lag_ms"]["p95"] < 1000


# --- the rule itself, without servers (both engines) -----------------------------------------


@pytest.fixture
def one_replica(settings):
    settings.REPLICA_DATABASES = ["replica1"]
    settings.REPLICA_STICKY_SECONDS = 15


def test_router_reads_replica_until_a_write_and_never_in_a_transaction(one_replica,
                                                                     transactional_db):
    # transactional_db: the plain `db` fixture would wrap the whole test in a transaction.
    from django.contrib.sessions.models import Session
    from django.db import transaction

    from audit.models import AuditEvent
    from core.replica import reading_from_replica
    from hoso.db_router import ReplicaRouter
    from people.models import Person

    router = ReplicaRouter()
    assert router.db_for_read(Person) == "default"  # outside a request or task: primary
    with reading_from_replica():
        assert router.db_for_read(Person) == "replica1"
        assert router.db_for_read(Session) == "default"  # always on the primary
        with transaction.atomic():
            assert router.db_for_read(Person) == "default"
        assert router.db_for_write(AuditEvent) == "default"
        assert router.db_for_read(Person) == "replica1"  # a quiet write does not pin
        assert router.db_for_write(Person) == "default"
        assert router.db_for_read(Person) == "default"  # own write: primary from now on
    assert router.allow_migrate("replica1", "people") is False
    assert router.allow_migrate("default", "people") is True


def test_middleware_pins_the_user_to_the_primary_after_a_save(one_replica):
    import time

    from django.http import HttpResponse, HttpResponseRedirect
    from django.test import RequestFactory

    from core.replica import STICKY_COOKIE, ReplicaRoutingMiddleware, current_routing

    seen = []

    def view(request):
        seen.append(current_routing().replica)
        return HttpResponseRedirect("/") if request.method == "POST" else HttpResponse("ok")

    middleware = ReplicaRoutingMiddleware(view)
    factory = RequestFactory()
    response = middleware(factory.get("/nhan-su/"))
    assert seen[-1] == "replica1" and STICKY_COOKIE not in response.cookies
    response = middleware(factory.post("/nhan-su/them/"))
    assert seen[-1] is None  # a POST reads the primary
    until = float(response.cookies[STICKY_COOKIE].value)
    assert 14 < until - time.time() <= 15.01
    assert response.cookies[STICKY_COOKIE]["max-age"] == 15
    pinned = factory.get("/nhan-su/")
    pinned.COOKIES[STICKY_COOKIE] = str(until)
    middleware(pinned)
    assert seen[-1] is None  # within the window: primary
    expired = factory.get("/nhan-su/")
    expired.COOKIES[STICKY_COOKIE] = str(time.time() - 1)
    middleware(expired)
    assert seen[-1] == "replica1"
    assert current_routing() is None  # nothing left on the thread
