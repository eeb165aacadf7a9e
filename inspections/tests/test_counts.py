"""The report counts with known data: coverage by type, violations, discipline by form,
remediation done / pending / overdue; records outside the user's scope or clearance excluded."""

from datetime import date

import pytest

from core.choices import Classification
from inspections import counts, services
from inspections.choices import InspectionType, Kind
from inspections.tests.factories import conclude, make_inspection, make_programme, run_to_draft
from people.tests.factories import make_person

YEAR = (date(2025, 1, 1), date(2025, 12, 31))


def _done(actor, unit, subjects_units, people, kind, type, verdict, classification=0):
    programme = make_programme(actor, unit, classification=classification)
    inspection = make_inspection(actor, unit, kind=kind, type=type, programme=programme,
                                 classification=classification)
    run_to_draft(actor, inspection, units=subjects_units, people=people)
    conclude(actor, inspection, date(2025, 4, 1),
             {s: verdict(s) for s in inspection.subjects.order_by("pk")})
    return inspection


@pytest.fixture
def data(world, leader_a, leader_b):
    member2 = make_person(world.admin, world.hn_cell, "Phạm Thị Lan")
    violation = {"violation": True, "recommended_discipline": "KHIEN_TRACH",
                 "applied_discipline": "KHIEN_TRACH", "discipline_decision": "1-QĐ",
                 "discipline_decided_on": date(2025, 4, 5)}
    # Kiểm tra chuyên đề: a ward and two members; one member disciplined (khiển trách).
    a = _done(leader_a, world.hn, [world.hn_ward], [world.person_a, member2], Kind.KIEM_TRA,
              InspectionType.CHUYEN_DE,
              lambda s: violation if s.person_id == world.person_a.pk else {"violation": False})
    # Giám sát thường xuyên: a cell, in violation, no discipline.
    _done(leader_a, world.hn, [world.hn_cell], [], Kind.GIAM_SAT, InspectionType.THUONG_XUYEN,
          lambda s: {"violation": True})
    # Invisible to officer_a: province B, and a Tối mật inspection in province A.
    b = _done(leader_b, world.hp, [world.hp_ward], [world.person_b], Kind.KIEM_TRA,
              InspectionType.CHUYEN_DE, lambda s: violation)
    services.do_add_remediation(actor=leader_b, inspection=b, data={
        "content": "Khắc phục ở Hải Phòng", "owner_text": "Chi bộ", "deadline": date(2025, 5, 1)})
    _done(world.admin, world.hn, [world.hn_cell], [], Kind.KIEM_TRA, InspectionType.CHUYEN_DE,
          lambda s: violation, classification=Classification.TOI_MAT)
    return a


def test_units_and_members_inspected_by_type(world, data):
    result = counts.inspected(world.officer_a, *YEAR)
    assert result[InspectionType.CHUYEN_DE] == {"units": 1, "members": 2}
    assert result[InspectionType.THUONG_XUYEN] == {"units": 0, "members": 0}
    assert result["total"] == {"units": 1, "members": 2}


def test_units_supervised(world, data):
    assert counts.supervised(world.officer_a, *YEAR)["total"] == {"units": 1, "members": 0}


def test_with_violations(world, data):
    assert counts.inspected_with_violations(world.officer_a, *YEAR)["total"] == {
        "units": 0, "members": 1}
    assert counts.supervised_with_violations(world.officer_a, *YEAR)[
        InspectionType.THUONG_XUYEN] == {"units": 1, "members": 0}


def test_discipline_by_form(world, data):
    result = counts.discipline_by_form(world.officer_a, *YEAR)
    assert result["KHIEN_TRACH"] == {"units": 0, "members": 1}
    assert result["CANH_CAO"] == {"units": 0, "members": 0}


def test_the_centre_sees_every_province_and_level(world, data):
    assert counts.inspected(world.admin, *YEAR)["total"] == {"units": 3, "members": 3}
    assert counts.discipline_by_form(world.admin, *YEAR)["KHIEN_TRACH"] == {
        "units": 2, "members": 2}


def test_period_outside_counts_nothing(world, data):
    assert counts.inspected(world.officer_a, date(2024, 1, 1), date(2024, 12, 31))["total"] == {
        "units": 0, "members": 0}


def test_remediation_done_pending_overdue(world, leader_a, data):
    def item(deadline):
        return services.do_add_remediation(actor=leader_a, inspection=data, data={
            "content": "Khắc phục", "owner_text": "Chi bộ", "deadline": deadline})

    done = item(date(2025, 6, 1))
    item(date(2025, 6, 1))
    item(date(2026, 3, 1))
    services.do_complete_remediation(actor=leader_a, item=done, expected_version=done.version,
                                     data={"done_on": date(2025, 5, 15)})
    assert counts.remediation(world.officer_a, *YEAR) == {"done": 1, "pending": 2, "overdue": 1}
    # The centre also sees Hải Phòng's overdue item, which officer_a's figures leave out.
    assert counts.remediation(world.admin, *YEAR) == {"done": 1, "pending": 3, "overdue": 2}
    # As of 31/5 nothing was overdue yet, and the item done on 15/5 was done.
    assert counts.remediation(world.officer_a, date(2025, 1, 1), date(2025, 5, 31)) == {
        "done": 1, "pending": 2, "overdue": 0}
