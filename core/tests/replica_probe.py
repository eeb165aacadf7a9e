"""Runs inside a subprocess started by core/tests/test_replica.py, with HOSO_DATABASE_URL pointing
at a fresh primary and HOSO_REPLICA_URLS at its streaming replica. Drives hoso through Django's
test client and prints what each step saw as one JSON object (the test asserts on it)."""

import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hoso.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connections, router, transaction  # noqa: E402
from django.test import Client  # noqa: E402

from core.replica import reading_from_replica  # noqa: E402
from people.models import Person  # noqa: E402


def scalar(alias: str, sql: str):
    with connections[alias].cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]


def wait_replayed(timeout: float = 20.0) -> float:
    """Seconds until the replica has replayed everything the primary wrote so far."""
    lsn = scalar("default", "SELECT pg_current_wal_lsn()::text")
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if scalar("replica1", f"SELECT pg_last_wal_replay_lsn() >= '{lsn}'::pg_lsn"):
            return time.perf_counter() - start
        time.sleep(0.002)
    raise SystemExit("the replica did not catch up")


def pause_replay() -> None:
    """Stop applying WAL on the replica; the pause is asynchronous, so wait until it holds."""
    scalar("replica1", "SELECT pg_wal_replay_pause()")
    while scalar("replica1", "SELECT pg_get_wal_replay_pause_state()") != "paused":
        time.sleep(0.01)


def listed(client: Client, name: str, pk: int) -> tuple[bool, str | None]:
    """Whether the people list searched for ``name`` links to person ``pk`` (the query itself
    is echoed in the search box), and the replica the request read from (None: primary)."""
    response = client.get("/nhan-su/", {"q": name})
    assert response.status_code == 200, response.status_code
    return f'href="/nhan-su/{pk}/"' in response.content.decode(), response.wsgi_request.db_replica


def main() -> None:
    from conftest import build_world

    seen: dict = {"replicas": settings.REPLICA_DATABASES}
    seen["primary_in_recovery"] = scalar("default", "SELECT pg_is_in_recovery()")
    seen["replica_in_recovery"] = scalar("replica1", "SELECT pg_is_in_recovery()")

    # 1. A write lands on the primary (no request: primary) and replicates.
    world = build_world()
    wait_replayed()
    seen["world_on_replica"] = (
        Person.objects.using("replica1").filter(pk=world.person_a.pk).exists())

    client = Client()
    client.force_login(world.officer_a)

    # 2. A list page is served by the replica: with replay paused, a row written on the primary
    #    since then is not listed.
    pause_replay()
    elsewhere = do_create("Lê Thị Ngoài Luồng", world)
    seen["paused_list"] = listed(client, "Lê Thị Ngoài Luồng", elsewhere.pk)
    seen["paused_on_primary"] = Person.objects.filter(pk=elsewhere.pk).exists()
    seen["paused_on_replica"] = Person.objects.using("replica1").filter(pk=elsewhere.pk).exists()

    # 3. Right after the user's own save, their reads go to the primary (replay still paused).
    data = {
        "full_name": "Phạm Văn Vừa Lưu", "sex": "NAM", "cccd": "001190000778",
        "birth_day": "", "birth_month": "", "birth_year": 1985, "party_status": "CHINH_THUC",
        "org_unit": world.hn_cell.pk, "classification": 0, "version": "",
        "party_card_number": "", "hometown": "", "post": "", "hometown_former": "",
        "birthplace": "", "birthplace_former": "", "party_admitted_on": "",
        "party_official_on": "",
    }
    response = client.post("/nhan-su/them/", data)
    seen["save_status"] = response.status_code
    seen["sticky_cookie"] = "hoso_primary_until" in response.cookies
    own = Person.objects.get(full_name="Phạm Văn Vừa Lưu")
    seen["own_write_redirect"] = response["Location"] == f"/nhan-su/{own.pk}/"
    seen["own_write_list"] = listed(client, "Phạm Văn Vừa Lưu", own.pk)
    seen["own_write_detail"] = client.get(response["Location"]).status_code

    # 4. After the sticky window the user reads from the replica again (still paused: stale).
    time.sleep(settings.REPLICA_STICKY_SECONDS + 0.5)
    seen["after_window_list"] = listed(client, "Phạm Văn Vừa Lưu", own.pk)

    # 5. Inside a transaction everything stays on the primary, even in replica-reading code.
    with reading_from_replica():
        seen["task_read_alias"] = router.db_for_read(Person)
        seen["task_sees_new_row"] = Person.objects.filter(pk=elsewhere.pk).exists()
        with transaction.atomic():
            seen["atomic_read_alias"] = router.db_for_read(Person)
            seen["atomic_sees_new_row"] = Person.objects.filter(pk=elsewhere.pk).exists()

    # 6. Replay resumes: the replica catches up and the list shows both rows.
    scalar("replica1", "SELECT pg_wal_replay_resume()")
    wait_replayed()
    seen["resumed_list"] = [listed(client, "Phạm Văn Vừa Lưu", own.pk),
                            listed(client, "Lê Thị Ngoài Luồng", elsewhere.pk)]

    # 7. Replication lag: one committed save through the service, until the replica replayed it.
    lags = []
    for number in range(40):
        do_create(f"Đỗ Văn Đo Trễ {number}", world)
        lags.append(wait_replayed() * 1000)
    seen["lag_ms"] = {
        "n": len(lags), "p50": statistics.median(lags),
        "p95": sorted(lags)[int(0.95 * (len(lags) - 1))], "max": max(lags),
    }
    print("PROBE " + json.dumps(seen, ensure_ascii=False))


def do_create(name: str, world) -> Person:
    from people.tests.factories import make_person

    return make_person(world.admin, world.hn_cell, name)


if __name__ == "__main__":
    main()
