"""The counts reports quote: trips and person-trips by purpose, funding, country; approved and
refused; post-trip reports on time, late, missing; visits and contact reports."""

from datetime import date

from travel import counts, services
from travel.choices import PrivateKind, Purpose
from travel.tests.factories import make_trip, run_trip, submit
from travel.workflow import Action

PERIOD = (date(2026, 1, 1), date(2026, 12, 31))


def test_trips_and_person_trips_by_purpose_funding_country(world):
    make_trip(world.officer_a, world.hn, [world.person_a, world.person_a_secret],
              countries=["LA", "KH"])
    make_trip(world.officer_a, world.hn, [world.person_a], purpose=Purpose.VIEC_RIENG,
              private_kind=PrivateKind.DU_LICH, funding="TU_TUC", countries=["LA"])
    make_trip(world.officer_b, world.hp, [world.person_b])  # never counted for officer_a
    user = world.officer_a
    assert counts.trips_by_purpose(user, *PERIOD) == [
        {"purpose": "CONG_TAC", "trips": 1, "person_trips": 2},
        {"purpose": "VIEC_RIENG", "trips": 1, "person_trips": 1}]
    assert counts.trips_by_funding(user, *PERIOD) == [
        {"funding": "NGAN_SACH", "trips": 1, "person_trips": 2},
        {"funding": "TU_TUC", "trips": 1, "person_trips": 1}]
    assert counts.trips_by_country(user, *PERIOD) == [
        {"country": "KH", "trips": 1, "person_trips": 2},
        {"country": "LA", "trips": 2, "person_trips": 3}]


def test_approved_and_refused(world, leader_a):
    run_trip(world.officer_a, leader_a, make_trip(world.officer_a, world.hn, [world.person_a]))
    refused = submit(world.officer_a, make_trip(world.officer_a, world.hn, [world.person_a]))
    services.do_decide_approval(actor=leader_a, approval=refused.approvals.get(),
                                decision="REFUSED", decided_on=date(2026, 2, 10),
                                reason="Chưa phù hợp.")
    assert counts.trip_decisions(world.officer_a, *PERIOD) == {
        "approved": 1, "approved_person_trips": 1, "refused": 1, "refused_person_trips": 1}


def test_reports_on_time_late_missing(world, leader_a):
    def returned():
        return run_trip(world.officer_a, leader_a,
                        make_trip(world.officer_a, world.hn, [world.person_a]),
                        returned=date(2026, 3, 9))  # due 18/3/2026

    def report(trip, on):
        services.do_transition_trip(actor=world.officer_a, trip=trip, action=Action.REPORT,
                                    on=on, text="Báo cáo.")

    report(returned(), date(2026, 3, 18))
    report(returned(), date(2026, 3, 19))
    returned()
    assert counts.report_timeliness(world.officer_a, *PERIOD, today=date(2026, 3, 20)) == {
        "on_time": 1, "late": 1, "missing": 1, "pending": 0}
    assert counts.report_timeliness(world.officer_b, *PERIOD)["on_time"] == 0


def test_visits_and_contact_reports_by_country_unit_year(world):
    services.do_record_incoming_visit(actor=world.officer_a, data={
        "org_unit": world.hn, "delegation": "Đoàn Đảng Nhân dân Cách mạng Lào", "country": "LA",
        "purpose": "Trao đổi kinh nghiệm", "arrived_on": date(2026, 5, 4),
        "left_on": date(2026, 5, 6), "approval_document": "45-CV/TU"})
    services.do_file_contact_report(actor=world.officer_a, data={
        "org_unit": world.hn, "person": world.person_a, "contacted_on": date(2026, 6, 1),
        "counterpart": "Đại sứ quán Nhật Bản", "country": "JP", "purpose": "Làm việc",
        "material_provided": "Không", "approval_document": "12-CV/VP"})
    assert counts.incoming_visits(world.officer_a, *PERIOD) == [
        {"country": "LA", "unit": world.hn.name, "year": 2026, "count": 1}]
    assert counts.contact_reports(world.officer_a, *PERIOD) == [
        {"country": "JP", "unit": world.hn.name, "year": 2026, "count": 1}]
    assert counts.incoming_visits(world.officer_b, *PERIOD) == []
