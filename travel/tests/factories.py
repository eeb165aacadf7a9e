"""Builders for trips in tests (through travel.services, as the pages do)."""

from datetime import date

from travel import services
from travel.choices import Funding, ManagementLevel, MemberRole, Purpose
from travel.workflow import Action


def make_trip(actor, unit, people, *, purpose=Purpose.CONG_TAC, private_kind="",
              level=ManagementLevel.TINH, countries=("LA",), classification=0,
              departure=date(2026, 3, 2), back=date(2026, 3, 9), **extra):
    """A DRAFT trip of ``people`` (the first leads), planned ``departure`` → ``back``."""
    members = [{"person": person,
                "role": MemberRole.TRUONG_DOAN if i == 0 else MemberRole.THANH_VIEN,
                "management_level": level} for i, person in enumerate(people)]
    data = {"org_unit": unit, "classification": classification, "purpose": purpose,
            "private_kind": private_kind, "title": extra.pop("title", "Đoàn công tác"),
            "inviter": "Đối tác", "funding": extra.pop("funding", Funding.NGAN_SACH),
            "planned_departure_on": departure, "planned_return_on": back, **extra}
    return services.do_create_trip(actor=actor, data=data, members=members,
                                   countries=list(countries))


def submit(actor, trip, on=date(2026, 2, 2)):
    trip = services.do_transition_trip(actor=actor, trip=trip, action=Action.SEND_TO_CELL, on=on)
    return services.do_transition_trip(actor=actor, trip=trip, action=Action.SUBMIT, on=on)


def approve_all(leader, trip, on=date(2026, 2, 10)):
    for approval in trip.approvals.order_by("pk"):
        trip = services.do_decide_approval(actor=leader, approval=approval, decision="APPROVED",
                                           decided_on=on, document_number="12-CV/TU")
    return trip


def run_trip(officer, leader, trip, *, departed=date(2026, 3, 2), returned=date(2026, 3, 9),
             countries=None):
    """Submit, approve, depart and return: a trip waiting for its report."""
    trip = approve_all(leader, submit(officer, trip))
    trip = services.do_transition_trip(actor=officer, trip=trip, action=Action.DEPART,
                                       on=departed)
    return services.do_transition_trip(actor=officer, trip=trip, action=Action.RETURN,
                                       on=returned, countries=countries)


def matrix_records(actor, unit, person, classification=0) -> dict:
    """One trip (and one of each travel record) for the access matrix: URL kwarg → id."""
    trip = make_trip(actor, unit, [person], classification=classification,
                     title="Chuyến đi ma trận quyền")
    visit = services.do_record_incoming_visit(actor=actor, data={
        "org_unit": unit, "classification": classification, "delegation": "Đoàn ma trận",
        "country": "LA", "purpose": "Trao đổi", "arrived_on": date(2026, 5, 4),
        "left_on": date(2026, 5, 5)})
    report = services.do_file_contact_report(actor=actor, data={
        "org_unit": unit, "classification": classification, "person": person,
        "contacted_on": date(2026, 6, 1), "counterpart": "Đại sứ quán", "country": "JP",
        "purpose": "Làm việc"})
    element = services.do_declare_foreign_element(actor=actor, data={
        "person": person, "kind": "THAN_NHAN", "details": "Con gái định cư tại Nhật Bản.",
        "declared_on": date(2026, 1, 5)})
    return {"trip_id": trip.pk, "visit_id": visit.pk, "contact_report_id": report.pk,
            "foreign_element_id": element.pk}
