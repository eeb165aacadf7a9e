"""manage.py demo / demo_accounts: a realistic national tree and people with valid derived keys."""

import io
import re

import pytest
from django.core.management import call_command
from django.db import connection

from accounts.choices import Role
from accounts.models import User
from admission.models import AdmissionDossier
from audit.models import AuditEvent
from coordination.models import CoordinationRequest
from core.cccd import blind_index, decrypt_value
from core.choices import Classification
from core.demo.accounts import DEMO_PASSWORD
from core.textfold import exact_key, fold, sorted_key
from orgs.choices import OrgKind
from orgs.models import OrgUnit
from people.models import NameSyllable, Person
from positions.models import Holding
from travel.models import ContactReport, ForeignElement, Trip
from vetting.models import VettingCase

pytestmark = pytest.mark.django_db

PEOPLE = 300


@pytest.fixture
def demo(db):
    call_command("demo", people=PEOPLE, seed=7, stdout=io.StringIO())


def test_tree_has_the_34_provinces_under_the_national_root(demo):
    root = OrgUnit.objects.get(kind=OrgKind.TW)
    provinces = OrgUnit.objects.active().filter(kind=OrgKind.TINH_THANH)
    assert provinces.count() == 34
    assert set(provinces.values_list("parent_id", flat=True)) == {root.pk}
    assert provinces.filter(name="Thành phố Hà Nội").exists()
    assert provinces.filter(name="Tỉnh Thanh Hóa").exists()


def test_merged_province_keeps_its_predecessors_inactive(demo):
    hai_phong = OrgUnit.objects.active().get(name="Thành phố Hải Phòng")
    predecessors = hai_phong.predecessors.order_by("name")
    assert [p.name for p in predecessors] == [
        "Thành phố Hải Phòng (trước 01/7/2025)", "Tỉnh Hải Dương",
    ]
    assert {p.valid_to.isoformat() for p in predecessors} == {"2025-06-30"}
    assert {p.kind for p in predecessors} == {OrgKind.TINH_THANH}
    assert OrgUnit.objects.filter(valid_to__isnull=False).count() == 52


def test_every_unit_path_follows_its_parent(demo):
    for unit in OrgUnit.objects.select_related("parent"):
        expected = (unit.parent.path if unit.parent else "") + f"{unit.pk}/"
        assert unit.path == expected
        assert unit.depth == expected.count("/") - 1
        assert unit.name_folded == fold(unit.name)


def test_communes_wards_and_cells_have_realistic_names(demo):
    communes = OrgUnit.objects.filter(kind=OrgKind.XA_PHUONG)
    assert communes.filter(name="Phường Ba Đình").exists()
    assert all(re.match(r"^(Phường|Xã|Đặc khu) \S", name) for name in communes.values_list("name", flat=True))
    assert OrgUnit.objects.filter(kind=OrgKind.CHI_BO, name__startswith="Chi bộ").count() > 34
    assert OrgUnit.objects.filter(kind=OrgKind.CO_SO).exists()


def test_people_carry_the_keys_the_service_would_set(demo):
    people = list(Person.objects.all())
    assert len(people) == PEOPLE
    for person in people:
        assert person.name_folded == fold(person.full_name)
        assert person.name_sorted == sorted_key(person.full_name)
        assert person.name_exact == exact_key(person.full_name)
        cccd = decrypt_value(person.cccd_encrypted)
        assert re.fullmatch(r"0\d{11}", cccd)
        assert person.cccd_index == blind_index(cccd)
        assert person.org_unit.kind == OrgKind.CHI_BO


def test_names_hold_both_tone_placements_and_common_surnames():
    call_command("demo", people=3000, seed=7, stdout=io.StringIO())
    names = " ".join(Person.objects.values_list("full_name", flat=True))
    assert "Hoà" in names and "Hòa" in names
    assert "Thuỷ" in names and "Thủy" in names
    surnames = {name.split()[0] for name in Person.objects.values_list("full_name", flat=True)}
    assert {"Nguyễn", "Trần", "Lê", "Đặng", "Đỗ", "Đinh"} <= surnames
    share = Person.objects.filter(full_name__startswith="Nguyễn ").count() / 3000
    assert 0.33 < share < 0.43


def test_some_people_are_classified_and_some_have_the_year_only():
    call_command("demo", people=3000, seed=7, stdout=io.StringIO())
    assert Person.objects.filter(classification=Classification.MAT).exists()
    assert Person.objects.filter(classification=Classification.TOI_MAT).exists()
    assert Person.objects.filter(birth_day__isnull=True, birth_year__isnull=False).exists()


def test_syllable_dictionary_counts_the_loaded_names(demo):
    nguyen = Person.objects.filter(name_folded__startswith="nguyen ").count()
    with_nguyen = sum(1 for n in Person.objects.values_list("name_folded", flat=True)
                      if "nguyen" in n.split())
    assert nguyen > 0
    assert NameSyllable.objects.get(text="nguyen").count == with_nguyen


def test_one_audit_event_per_run(demo):
    events = AuditEvent.objects.filter(target_type="demo")
    assert events.count() == 1
    assert events.get().after["people"] == PEOPLE


def test_if_empty_does_nothing_when_people_exist(demo):
    out = io.StringIO()
    call_command("demo", people=PEOPLE, if_empty=True, stdout=out)
    assert Person.objects.count() == PEOPLE
    assert AuditEvent.objects.filter(target_type="demo").count() == 1
    assert "bỏ qua" in out.getvalue()


def test_same_seed_gives_the_same_people():
    call_command("demo", people=50, seed=11, stdout=io.StringIO())
    first = list(Person.objects.order_by("id").values_list("full_name", "birth_year", "cccd_index"))
    # Ledger rows protect the people they are about: they go first.
    CoordinationRequest.objects.all().delete()
    AdmissionDossier.objects.all().delete()
    VettingCase.objects.all().delete()
    Holding.objects.all().delete()
    Trip.objects.all().delete()
    ContactReport.objects.all().delete()
    ForeignElement.objects.all().delete()
    Person.objects.all().delete()
    call_command("demo", people=50, seed=11, stdout=io.StringIO())
    again = list(Person.objects.order_by("id").values_list("full_name", "birth_year", "cccd_index"))
    assert first == again


def _index_names() -> set[str]:
    with connection.cursor() as cursor:
        return set(connection.introspection.get_constraints(cursor, "people_person"))


def test_search_indexes_are_back_after_the_load():
    before = _index_names()
    call_command("demo", people=PEOPLE, seed=7, stdout=io.StringIO())
    assert _index_names() == before
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'"
                           " AND tbl_name = 'people_person'")
            assert "people_person_fts_ai" in {row[0] for row in cursor.fetchall()}


def test_demo_accounts_are_created_once_with_their_scope(demo):
    call_command("demo_accounts", stdout=io.StringIO())
    out = io.StringIO()
    call_command("demo_accounts", stdout=out)
    assert User.objects.filter(username="canbo.hanoi").count() == 1
    officer = User.objects.get(username="canbo.hanoi")
    assert officer.role == Role.OFFICER and officer.clearance == Classification.MAT
    assert officer.org_unit.name == "Thành phố Hà Nội"
    assert officer.check_password(DEMO_PASSWORD)
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.clearance == Classification.TUYET_MAT
    assert "canbo.haiphong" in out.getvalue() and "Thành phố Hải Phòng" in out.getvalue()
