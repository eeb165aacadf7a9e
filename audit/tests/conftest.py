"""Fixtures for the audit tests: a province-A auditor, and lifting the append-only guard."""

from contextlib import contextmanager

import pytest
from django.db import connection

from accounts.choices import Role
from accounts.tests.factories import make_user
from core.choices import Classification


@pytest.fixture
def auditor_a(world):
    """An auditor of Hà Nội (province A) cleared up to Mật."""
    return make_user("auditor_a", world.hn, Role.AUDITOR, Classification.MAT)


@contextmanager
def _lift_guard():
    """Disable the append-only triggers for a deliberate tampering, then restore them."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Needs the table owner or a superuser: exactly what the application role must not be.
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")
            try:
                yield
            finally:
                cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER USER")
            return
        cursor.execute("SELECT name, sql FROM sqlite_master "
                       "WHERE type = 'trigger' AND tbl_name = 'audit_auditevent'")
        triggers = cursor.fetchall()
        for name, _sql in triggers:
            cursor.execute(f'DROP TRIGGER "{name}"')
        try:
            yield
        finally:
            for _name, sql in triggers:
                cursor.execute(sql)


@pytest.fixture
def tampering():
    """``with tampering(): ...`` runs raw edits on the audit table, as an intruder with DBA rights."""
    return _lift_guard
