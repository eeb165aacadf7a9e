"""Shared test world: two provinces, their units, and the named personas every view test uses.

- officer_a: officer of Hà Nội (province A), clearance Mật
- officer_b: officer of Hải Phòng (province B), clearance Mật
- viewer_a:  viewer in Hà Nội, clearance Thường (sees no classified record)
- auditor:   auditor at the centre
- admin:     national administrator, clearance Tuyệt mật
"""

from types import SimpleNamespace

import pytest

from accounts.choices import Role
from accounts.tests.factories import make_user
from core.choices import Classification
from orgs.choices import OrgKind
from orgs.tests.factories import make_unit
from people.tests.factories import make_person


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "slow: minutes long; runs only with HOSO_SLOW_TESTS=1 (make test-slow)")


def pytest_collection_modifyitems(items):
    """Seed data of data migrations (holidays, rules, agencies) survives transactional tests.

    A transactional test (live server, real commits) ends with a flush of every table, seeds
    included. pytest-django runs those tests last; giving each of them Django's serialized
    rollback restores the database as it was after migrations before it starts.
    """
    for item in items:
        names = getattr(item, "fixturenames", None)
        if names is None or "django_db_serialized_rollback" in names:
            continue
        marker = item.get_closest_marker("django_db")
        if {"transactional_db", "live_server"} & set(names) or (
            marker is not None and marker.kwargs.get("transaction")
        ):
            names.append("django_db_serialized_rollback")


@pytest.fixture(autouse=True)
def vietnamese_by_default():
    """Each test starts in Vietnamese: a request in English leaves its language on the thread."""
    from django.utils import translation

    with translation.override("vi"):
        yield


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    """Cheap hashing in tests: every test signs up the world's accounts (PBKDF2 is slow on purpose)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def empty_cache():
    """Page counts are cached per access scope (core.counting): no test sees another's."""
    from django.core.cache import cache

    cache.clear()


def build_world() -> SimpleNamespace:
    """Create the shared test world (through the services) and return its parts by name."""
    tw = make_unit("Trung ương", OrgKind.TW)
    hn = make_unit("Thành phố Hà Nội", OrgKind.TINH_THANH, tw)
    hn_ward = make_unit("Đảng ủy phường Ba Đình", OrgKind.XA_PHUONG, hn)
    hn_cell = make_unit("Chi bộ khu phố 1", OrgKind.CHI_BO, hn_ward)
    hp = make_unit("Thành phố Hải Phòng", OrgKind.TINH_THANH, tw)
    hp_ward = make_unit("Đảng ủy phường Hồng Bàng", OrgKind.XA_PHUONG, hp)
    hp_cell = make_unit("Chi bộ khu phố 2", OrgKind.CHI_BO, hp_ward)
    admin = make_user("admin", tw, Role.ADMIN, Classification.TUYET_MAT,
                      is_superuser=True, is_staff=True)
    officer_a = make_user("officer_a", hn, Role.OFFICER, Classification.MAT)
    officer_b = make_user("officer_b", hp, Role.OFFICER, Classification.MAT)
    viewer_a = make_user("viewer_a", hn, Role.VIEWER, Classification.THUONG)
    auditor = make_user("auditor", tw, Role.AUDITOR, Classification.TUYET_MAT)
    person_a = make_person(admin, hn_cell, "Nguyễn Văn Huy")
    person_a_secret = make_person(admin, hn_cell, "Trần Thị Thuỷ",
                                  classification=Classification.MAT)
    person_a_top = make_person(admin, hn_cell, "Lê Văn Tám",
                               classification=Classification.TOI_MAT)
    person_b = make_person(admin, hp_cell, "Đặng Văn Hòa")
    return SimpleNamespace(**locals())


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def live_world(transactional_db):
    """The same world, committed, for tests that drive a live server from a browser."""
    return build_world()
