"""A province's five years (2021–2025) with the totals DOMAIN.md quotes, bulk-created.

Rows are written with bulk_create (services would take minutes for thousands of records); the
counts read fields only. Totals: 505 units and 824 members inspected, 94 units and 72 members
with violations, 212 units and 421 members supervised, 778 appraisals, 512 delegations with
2.611 person-trips. Noise the counts must leave out: records dated outside the period, a
cancelled delegation, units inspected twice.
"""

from datetime import date

from django.contrib.auth import get_user_model

from accounts.choices import Role
from accounts.tests.factories import make_user
from core.choices import Classification
from inspections.choices import InspectionType, Kind
from inspections.models import Conclusion, Inspection, Subject
from inspections.tests.factories import make_programme
from orgs.choices import OrgKind
from orgs.models import OrgUnit
from orgs.tests.factories import make_unit
from people.models import Person
from travel.choices import Funding, MemberRole, Purpose, Status
from travel.models import Trip, TripMember
from vetting.choices import Status as CaseStatus
from vetting.models import VettingCase
from vetting.tests.factories import purpose

TOTALS = {
    "inspections.inspected_units": 505,
    "inspections.inspected_members": 824,
    "inspections.inspected_units_violating": 94,
    "inspections.inspected_members_violating": 72,
    "inspections.supervised_units": 212,
    "inspections.supervised_members": 421,
    "vetting.appraisals": 778,
    "travel.trips": 512,
    "travel.person_trips": 2611,
}
PERIOD = (date(2021, 1, 1), date(2025, 12, 31))
UNITS, PEOPLE = 560, 900


def _year_day(index: int) -> date:
    """A day inside 2021–2025, spread over the five years."""
    return date(2021 + index % 5, 1 + index % 12, 1 + index % 28)


def _units(province) -> list[OrgUnit]:
    rows = OrgUnit.objects.bulk_create([
        OrgUnit(code=f"P5-{i:04d}", name=f"Đảng bộ xã số {i}", name_folded=f"dang bo xa so {i}",
                kind=OrgKind.XA_PHUONG, parent=province, path="", depth=province.depth + 1)
        for i in range(UNITS)])
    for unit in rows:
        unit.path = f"{province.path}{unit.pk}/"
    OrgUnit.objects.bulk_update(rows, ["path"])
    return rows


def _people(units) -> list[Person]:
    return Person.objects.bulk_create([
        Person(full_name=f"Đảng viên {i}", name_folded=f"dang vien {i}",
               name_sorted=f"dang vien {i}", name_exact=f"dang vien {i}", sex="NAM",
               birth_year=1970 + i % 30, org_unit=units[i % len(units)], classification=0,
               party_status="CHINH_THUC")
        for i in range(PEOPLE)])


def _inspections(actor, province, kind, count, decided_year=None):
    programme = make_programme(actor, province, year=2021)
    return Inspection.objects.bulk_create([
        Inspection(programme=programme, org_unit=province, kind=kind,
                   type=InspectionType.CHUYEN_DE, title=f"{kind} {i}", level=OrgKind.TINH_THANH,
                   look_back_from=date(2019, 1, 1), look_back_to=date(2020, 12, 31),
                   status="CONCLUDED",
                   decided_on=date(decided_year, 3, 1) if decided_year else _year_day(i),
                   concluded_on=(date(decided_year, 6, 1) if decided_year
                                 else _year_day(i).replace(day=28)),
                   classification=0)
        for i in range(count)])


def _cover(inspections, units, people, n_units, n_people, units_violating, people_violating,
           repeat_units=0):
    """Subjects: units[0:n_units] and people[0:n_people] spread over the inspections; the first
    ``repeat_units`` units a second time in another inspection (still one unit each)."""
    subjects, verdicts = [], []
    for i in range(n_units):
        subjects.append(Subject(inspection=inspections[i % len(inspections)], org_unit=units[i]))
        verdicts.append(i < units_violating)
    for i in range(repeat_units):
        subjects.append(Subject(inspection=inspections[(i + 1) % len(inspections)],
                                org_unit=units[i]))
        verdicts.append(i < units_violating)
    for i in range(n_people):
        subjects.append(Subject(inspection=inspections[i % len(inspections)], person=people[i]))
        verdicts.append(i < people_violating)
    subjects = Subject.objects.bulk_create(subjects)
    Conclusion.objects.bulk_create([Conclusion(subject=s, violation=v)
                                    for s, v in zip(subjects, verdicts, strict=True)])


def _cases(actor, province, people, count, concluded_year=None):
    code = purpose("BO_NHIEM")
    VettingCase.objects.bulk_create([
        VettingCase(org_unit=province, subject=people[i % len(people)], purpose=code,
                    requesting_unit=province, competent_body=province, classification=0,
                    status=CaseStatus.CONCLUDED, opened_on=_year_day(i).replace(day=1),
                    due_on=date(2026, 12, 31),
                    concluded_on=(date(concluded_year, 5, 5) if concluded_year
                                  else _year_day(i).replace(day=20)))
        for i in range(count)])


def _trips(province, people, sizes, *, year=None, status=Status.CLOSED):
    trips = Trip.objects.bulk_create([
        Trip(org_unit=province, classification=0, title=f"Đoàn {i}", purpose=Purpose.CONG_TAC,
             funding=Funding.NGAN_SACH,
             planned_departure_on=date(year, 4, 1) if year else _year_day(i),
             planned_return_on=date(year, 4, 9) if year else _year_day(i).replace(day=28),
             status=status)
        for i in range(len(sizes))])
    TripMember.objects.bulk_create([
        TripMember(trip=trip, person=people[(t * 7 + k) % len(people)],
                   role=MemberRole.TRUONG_DOAN if k == 0 else MemberRole.THANH_VIEN,
                   management_level="TINH")
        for t, (trip, size) in enumerate(zip(trips, sizes, strict=True)) for k in range(size)])


def build_province():
    """The province, its officer (clearance Mật) and five years of records."""
    admin = get_user_model().objects.filter(is_superuser=True).first()
    tw = OrgUnit.objects.filter(kind=OrgKind.TW).first() or make_unit("Trung ương", OrgKind.TW)
    province = make_unit("Tỉnh Năm Năm", OrgKind.TINH_THANH, tw)
    officer = make_user("canbo.namnam", province, Role.OFFICER, Classification.MAT)
    actor = admin or officer
    units = _units(province)
    people = _people(units)

    inspections = _inspections(actor, province, Kind.KIEM_TRA, 40)
    _cover(inspections, units, people, 505, 824, 94, 72, repeat_units=60)
    supervisions = _inspections(actor, province, Kind.GIAM_SAT, 20)
    _cover(supervisions, units, people, 212, 421, 0, 0)
    # Outside the period: an inspection of 2026 covering other units and people.
    later = _inspections(actor, province, Kind.KIEM_TRA, 1, decided_year=2026)
    _cover(later, units[505:], people[824:], 50, 70, 10, 10)

    _cases(actor, province, people, 778)
    _cases(actor, province, people, 9, concluded_year=2026)

    sizes = [6] * 51 + [5] * (512 - 51)  # 51 × 6 + 461 × 5 = 2.611 person-trips
    _trips(province, people, sizes)
    _trips(province, people, [4, 4], status=Status.CANCELLED)  # cancelled: not counted
    _trips(province, people, [3], year=2026)  # after the period
    return province, officer
