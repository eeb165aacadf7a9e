"""Travel API edits: a draft trip (only sent fields change, 409 on a stale version, refused
once submitted), the passport handed back, and edits of visits, contact reports and declared
foreign elements — scoped (404 for another province), audited, errors in Vietnamese."""

from audit.choices import AuditAction
from audit.models import AuditEvent
from core.tests.api_client import call
from travel.tests.factories import make_trip, matrix_records, run_trip, submit

PATHS = {"visit_id": "visits", "contact_report_id": "contact-reports",
         "foreign_element_id": "foreign-elements"}


def test_edit_a_draft_trip_changes_only_sent_fields(client, world):
    trip = make_trip(world.officer_a, world.hn, [world.person_a], countries=("LA",))
    response = call(client, "PATCH", f"/travel/trips/{trip.pk}", world.officer_a, {
        "title": "Đoàn công tác sang Lào và Campuchia", "countries": ["LA", "KH"],
        "version": trip.version, "reason": "Bổ sung nước đến"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["title"] == "Đoàn công tác sang Lào và Campuchia"
    assert body["countries"] == ["KH", "LA"] and body["purpose"] == trip.purpose
    assert [m["person_id"] for m in body["members"]] == [world.person_a.pk]
    assert body["version"] == trip.version + 1
    event = AuditEvent.objects.filter(target_id=str(trip.pk), action=AuditAction.UPDATE).last()
    assert event.reason == "Bổ sung nước đến"


def test_stale_trip_edit_is_409_and_changes_nothing(client, world):
    trip = make_trip(world.officer_a, world.hn, [world.person_a])
    assert call(client, "PATCH", f"/travel/trips/{trip.pk}", world.officer_a,
                {"title": "Lần một", "version": trip.version}).status_code == 200
    stale = call(client, "PATCH", f"/travel/trips/{trip.pk}", world.officer_a,
                 {"title": "Lần hai", "version": trip.version})
    assert stale.status_code == 409 and stale.json()["detail"]
    trip.refresh_from_db()
    assert trip.title == "Lần một"


def test_trip_edit_field_errors_and_refusal_after_submission(client, world):
    trip = make_trip(world.officer_a, world.hn, [world.person_a])
    bad = call(client, "PATCH", f"/travel/trips/{trip.pk}", world.officer_a, {
        "planned_return_on": "2026-03-01", "version": trip.version})
    assert bad.status_code == 400 and "planned_return_on" in bad.json()["errors"]
    bad_date = call(client, "PATCH", f"/travel/trips/{trip.pk}", world.officer_a, {
        "planned_return_on": "09/03/2026", "version": trip.version})
    assert bad_date.status_code == 400
    assert "Ngày không hợp lệ" in bad_date.json()["errors"]["planned_return_on"][0]
    trip = submit(world.officer_a, trip)
    refused = call(client, "PATCH", f"/travel/trips/{trip.pk}", world.officer_a,
                   {"title": "Muộn", "version": trip.version})
    assert refused.status_code == 400 and "trình duyệt" in refused.json()["errors"]["__all__"][0]


def test_trip_of_another_province_cannot_be_edited(client, world):
    theirs = make_trip(world.officer_b, world.hp, [world.person_b])
    response = call(client, "PATCH", f"/travel/trips/{theirs.pk}", world.officer_a,
                    {"title": "Sửa trộm", "version": theirs.version})
    assert response.status_code == 404
    assert call(client, "PATCH", f"/travel/trips/{theirs.pk}", world.viewer_a,
                {"title": "Sửa trộm", "version": theirs.version}).status_code == 403
    theirs.refresh_from_db()
    assert theirs.title != "Sửa trộm"


def test_passport_handed_back_after_the_return(client, world, leader_a):
    trip = make_trip(world.officer_a, world.hn, [world.person_a])
    early = call(client, "POST", f"/travel/trips/{trip.pk}/passport", world.officer_a,
                 {"on": "2026-03-10"})
    assert early.status_code == 400 and "về nước" in early.json()["errors"]["__all__"][0]
    trip = run_trip(world.officer_a, leader_a, trip)
    done = call(client, "POST", f"/travel/trips/{trip.pk}/passport", world.officer_a,
                {"on": "2026-03-10"})
    assert done.status_code == 200 and done.json()["passport_returned_on"] == "2026-03-10"


def test_edit_visit_contact_report_and_foreign_element(client, world):
    records = matrix_records(world.officer_a, world.hn, world.person_a)
    changes = {"visit_id": {"purpose": "Trao đổi kinh nghiệm công tác"},
               "contact_report_id": {"counterpart": "Tổng lãnh sự quán"},
               "foreign_element_id": {"approved_by": "Ban Thường vụ Thành ủy"}}
    for kwarg, path in PATHS.items():
        url = f"/travel/{path}/{records[kwarg]}"
        current = call(client, "GET", url, world.officer_a).json()
        response = call(client, "PATCH", url, world.officer_a,
                        {**changes[kwarg], "version": current["version"]})
        assert response.status_code == 200, (path, response.content)
        body = response.json()
        assert {k: body[k] for k in changes[kwarg]} == changes[kwarg]
        assert body["version"] == current["version"] + 1
        stale = call(client, "PATCH", url, world.officer_a,
                     {**changes[kwarg], "version": current["version"]})
        assert stale.status_code == 409, path
        assert AuditEvent.objects.filter(target_id=str(records[kwarg]),
                                         action=AuditAction.UPDATE).exists()


def test_record_edits_are_scoped_and_validated(client, world):
    records = matrix_records(world.officer_b, world.hp, world.person_b)
    for kwarg, path in PATHS.items():
        response = call(client, "PATCH", f"/travel/{path}/{records[kwarg]}", world.officer_a,
                        {"version": 1})
        assert response.status_code == 404, path
    mine = matrix_records(world.officer_a, world.hn, world.person_a)
    bad = call(client, "PATCH", f"/travel/visits/{mine['visit_id']}", world.officer_a,
               {"left_on": "2026-05-01", "version": 1})
    assert bad.status_code == 400 and bad.json()["errors"]
    other_person = call(client, "PATCH", f"/travel/contact-reports/{mine['contact_report_id']}",
                        world.officer_a, {"person": world.person_b.pk, "version": 1})
    assert other_person.status_code == 400 and "person" in other_person.json()["errors"]
    missing_version = call(client, "PATCH", f"/travel/visits/{mine['visit_id']}",
                           world.officer_a, {"purpose": "Khác"})
    assert missing_version.status_code == 400 and "version" in missing_version.json()["errors"]
