"""Known data in two provinces, built through the apps' services, and the figures it must give.

Everything happens in 2026 (the test period). Hà Nội (province A) holds the data officer_a
counts; some of it is Mật (officer_a sees it, viewer_a does not) or Tối mật (only the admin sees
it); Hải Phòng (province B) holds officer_b's.
"""

from datetime import date

import pytest

from accounts.choices import Role
from accounts.tests.factories import make_user
from core.choices import Classification
from inspections import services as inspection_services
from inspections.choices import InspectionType, Kind
from inspections.tests.factories import conclude as conclude_inspection
from inspections.tests.factories import make_inspection, make_programme, run_to_draft
from reports.types import Period
from travel.choices import Funding, Purpose
from travel.tests.factories import make_trip, run_trip
from vetting.choices import Outcome
from vetting.tests.factories import add_finding, make_case, to_appraising
from vetting.tests.factories import conclude as conclude_case

YEAR = (date(2026, 1, 1), date(2026, 12, 31))
VIOLATION = {"violation": True, "recommended_discipline": "KHIEN_TRACH",
             "applied_discipline": "KHIEN_TRACH", "discipline_decision": "1-QĐ",
             "discipline_decided_on": date(2026, 4, 5)}


def period(unit, **extra) -> Period:
    return Period(unit.pk, *YEAR, **extra)


def _inspection(actor, unit, *, kind, units=(), people=(), verdict, classification=0):
    programme = make_programme(actor, unit, year=2026, classification=classification)
    inspection = make_inspection(actor, unit, kind=kind, type=InspectionType.CHUYEN_DE
                                 if kind == Kind.KIEM_TRA else InspectionType.THUONG_XUYEN,
                                 programme=programme, classification=classification)
    run_to_draft(actor, inspection, units=units, people=people, start=date(2026, 3, 2))
    conclude_inspection(actor, inspection, date(2026, 4, 1),
                        {s: verdict(s) for s in inspection.subjects.order_by("pk")})
    return inspection


def build_inspections(world, leader_a, leader_b):
    # Hà Nội kiểm tra chuyên đề: a ward and two members (one Mật); person_a disciplined.
    a = _inspection(leader_a, world.hn, kind=Kind.KIEM_TRA, units=[world.hn_ward],
                    people=[world.person_a, world.person_a_secret],
                    verdict=lambda s: VIOLATION if s.person_id == world.person_a.pk
                    else {"violation": False})
    overdue = inspection_services.do_add_remediation(actor=leader_a, inspection=a, data={
        "content": "Bổ sung hồ sơ", "owner_text": "Chi bộ", "deadline": date(2026, 5, 1)})
    done = inspection_services.do_add_remediation(actor=leader_a, inspection=a, data={
        "content": "Sửa quy chế", "owner_text": "Đảng ủy", "deadline": date(2026, 12, 1)})
    inspection_services.do_complete_remediation(actor=leader_a, item=done, data={
        "done_on": date(2026, 6, 1)}, expected_version=done.version)
    # The ward supervises its cell (thường xuyên), in violation.
    _inspection(leader_a, world.hn_ward, kind=Kind.GIAM_SAT, units=[world.hn_cell],
                verdict=lambda s: {"violation": True})
    # Hidden from officer_a: a Tối mật inspection in Hà Nội, and Hải Phòng's.
    _inspection(world.admin, world.hn, kind=Kind.KIEM_TRA, units=[world.hn_cell],
                verdict=lambda s: VIOLATION, classification=Classification.TOI_MAT)
    _inspection(leader_b, world.hp, kind=Kind.KIEM_TRA, units=[world.hp_ward],
                people=[world.person_b], verdict=lambda s: VIOLATION)
    return overdue


def build_vetting(world, leader_a):
    # Concluded (02/02/2026) appointment of person_a, with a foreign element.
    case = to_appraising(make_case(world.officer_a, world.hn, world.person_a), leader_a,
                         world.officer_a)
    add_finding(world.officer_a, case, code="YEU_TO_NUOC_NGOAI")
    conclude_case(case, world.officer_a, leader_a, outcome=Outcome.KHONG_CO_VAN_DE)
    # Open since 05/01/2026 and past its deadline: a Mật case (its subject is Mật).
    make_case(world.officer_a, world.hn_ward, world.person_a_secret, purpose_code="QUY_HOACH",
              submit_on=date(2026, 1, 5))
    # Hải Phòng's.
    make_case(world.officer_b, world.hp, world.person_b, submit_on=date(2026, 1, 5))


def build_positions(world):
    """Hà Nội and Hải Phòng each list two positions; one holder each, without a conclusion
    (held by a named override): Hà Nội's is Mật (person_a_secret)."""
    from positions.services import do_assign_holder
    from positions.tests.factories import make_catalogue

    for unit, person in ((world.hn, world.person_a_secret), (world.hp, world.person_b)):
        catalogue = make_catalogue(world.admin, unit)
        do_assign_holder(actor=world.admin, position=catalogue.positions.order_by("pk").first(),
                         person=person, started_on=date(2026, 1, 2), override=True,
                         override_reason="Bố trí tạm thời chờ kết luận thẩm định")


def build_coordination(world):
    """Hà Nội sends three requests to the police on 05/01/2026 (due 23/01): one answered on
    22/01, one never answered, one Mật never answered; Hải Phòng sends one, never answered."""
    from coordination.choices import ReplyKind
    from coordination.services import do_add_reply
    from coordination.tests.factories import make_request

    jan5 = date(2026, 1, 5)
    answered = make_request(world.officer_a, world.hn, opened=jan5)
    do_add_reply(actor=world.officer_a, request=answered, data={
        "kind": ReplyKind.FINAL, "replied_on": date(2026, 1, 22), "summary": "Trả lời"})
    make_request(world.officer_a, world.hn_ward, opened=jan5)
    make_request(world.admin, world.hn, opened=jan5, classification=1)
    make_request(world.officer_b, world.hp, opened=jan5)


def build_travel(world, leader_a, leader_b):
    # Hà Nội: an official trip to Laos of person_a and person_a_secret, returned 09/03/2026
    # with no report filed (missing); a ward's private trip (draft) to Thailand and Laos.
    trip = make_trip(world.officer_a, world.hn, [world.person_a, world.person_a_secret])
    run_trip(world.officer_a, leader_a, trip)
    private = make_trip(world.officer_a, world.hn_ward, [world.person_a],
                        purpose=Purpose.VIEC_RIENG, private_kind="DU_LICH",
                        funding=Funding.TU_TUC, countries=("TH", "LA"),
                        departure=date(2026, 5, 4), back=date(2026, 5, 9))
    world.trip_ids = [trip.pk, private.pk]
    # Hidden from officer_a: a Tối mật trip and Hải Phòng's.
    make_trip(world.admin, world.hn, [world.person_a], classification=Classification.TOI_MAT)
    make_trip(world.officer_b, world.hp, [world.person_b])


def build_all(world):
    """Every record of this module's data in ``world`` (the conftest world); returns it."""
    leader_a = make_user("leader_a", world.hn, Role.LEADER, Classification.MAT)
    leader_b = make_user("leader_b", world.hp, Role.LEADER, Classification.MAT)
    build_travel(world, leader_a, leader_b)  # first: a discipline under way blocks a trip
    build_vetting(world, leader_a)
    build_positions(world)
    build_coordination(world)
    build_inspections(world, leader_a, leader_b)
    return world


@pytest.fixture
def built(world):
    return build_all(world)


# key -> (officer_a over Hà Nội, viewer_a over Hà Nội, officer_b over Hải Phòng)
EXPECTED = {
    "inspections.inspections": (1, 1, 1),
    "inspections.supervisions": (1, 1, 0),
    "inspections.inspected_units": (1, 1, 1),
    "inspections.inspected_members": (2, 1, 1),
    "inspections.inspected_units_violating": (0, 0, 1),
    "inspections.inspected_members_violating": (1, 1, 1),
    "inspections.supervised_units": (1, 1, 0),
    "inspections.supervised_members": (0, 0, 0),
    "inspections.supervised_units_violating": (1, 1, 0),
    "inspections.discipline_units": (0, 0, 1),
    "inspections.discipline_members": (1, 1, 1),
    "inspections.remediation_done": (1, 1, 0),
    "inspections.remediation_pending": (1, 1, 0),
    "inspections.remediation_overdue": (1, 1, 0),
    "vetting.opened": (2, 1, 1),
    "vetting.appraisals": (1, 1, 0),
    "vetting.foreign_elements": (1, 1, 0),
    "vetting.concluded_late": (0, 0, 0),
    "vetting.open_overdue": (1, 0, 1),
    "positions.entries": (2, 2, 2),
    "positions.holders": (1, 0, 1),
    "positions.holders_unfit": (1, 0, 1),
    "positions.vacant": (1, 1, 1),
    "coordination.sent": (3, 2, 1),
    "coordination.answered_on_time": (1, 1, 0),
    "coordination.answered_late": (0, 0, 0),
    "coordination.open_overdue": (2, 1, 1),
    "travel.trips": (2, 2, 1),
    "travel.person_trips": (3, 2, 1),
    "travel.approved": (1, 1, 0),
    "travel.refused": (0, 0, 0),
    "travel.reports_missing": (1, 1, 0),
    "travel.reports_on_time": (0, 0, 0),
}
