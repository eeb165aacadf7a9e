"""The database itself refuses to change or remove audit rows."""

import uuid

import pytest
from django.db import DatabaseError, connection, transaction

from audit.models import AuditEvent
from audit.services import record_read
from audit.verify import verify_chain

on_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL triggers")
on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite trigger")


@pytest.fixture
def event(world):
    return AuditEvent.objects.order_by("id").first()


@on_postgres
def test_update_is_refused_on_postgres(event):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(reason="Sửa lén")
    assert AuditEvent.objects.get(pk=event.pk).reason == event.reason


@on_postgres
def test_delete_is_refused_on_postgres(event):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@on_postgres
def test_truncate_is_refused_to_the_application_role_on_postgres(event):
    role = f"hoso_app_{uuid.uuid4().hex[:8]}"  # rolled back with the test's transaction
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {role} NOLOGIN")
        cursor.execute(f"GRANT SELECT, INSERT, TRUNCATE ON audit_auditevent TO {role}")
        cursor.execute(f"SET LOCAL ROLE {role}")
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            cursor.execute("TRUNCATE audit_auditevent")
        cursor.execute("RESET ROLE")
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@on_sqlite
def test_update_is_refused_on_sqlite(event):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(reason="Sửa lén")
    assert AuditEvent.objects.get(pk=event.pk).reason == event.reason


def test_deleting_an_actor_leaves_the_events_untouched(world):
    """actor_id is part of the hash: deleting a user must not null it (nor hit the trigger)."""
    event = record_read(actor=world.viewer_a, target=world.person_a, reason="Xem")
    world.viewer_a.delete()
    assert AuditEvent.objects.get(pk=event.pk).actor_id == event.actor_id
    assert verify_chain().ok
