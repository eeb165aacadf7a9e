"""Issuing a report: a frozen copy (figures, files, checksums) that later edits cannot touch."""

import hashlib
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from audit.models import AuditEvent
from core.errors import NotAllowed
from documents import storage
from reports.figures import compute_report
from reports.models import FrozenError, IssuedFile, IssuedReport
from reports.rendering.serial import report_from_json
from reports.services import do_issue_report, read_verified
from reports.tests.document_samples import sample_report
from reports.tests.issue_factories import issue, meta_for, year_period
from travel.tests.factories import make_trip

pytestmark = pytest.mark.django_db


def _trips(report_json) -> int:
    return report_from_json(report_json).figure("travel.trips").value


def _give_reason(client, report):
    url = reverse("reports:issued_detail", kwargs={"report_id": report.pk})
    client.post(url, {"ntk-reason": "Kiểm tra báo cáo năm để tổng hợp"})


def test_issued_copy_and_checksums_do_not_move_when_records_change(world, client):
    make_trip(world.admin, world.hn_cell, [world.person_a])
    report = issue(world.officer_a, world.hn)
    assert _trips(report.figures) == 1
    sums = {f.fmt: f.sha256 for f in report.files.all()}
    assert set(sums) == {"docx", "xlsx", "pdf"}

    make_trip(world.admin, world.hn_cell, [world.person_a], title="Đoàn thứ hai")
    assert compute_report(world.officer_a, year_period(world.hn)).figure(
        "travel.trips").value == 2

    again = IssuedReport.objects.get(pk=report.pk)
    assert _trips(again.figures) == 1
    for issued_file in again.files.all():
        data = read_verified(issued_file)
        assert hashlib.sha256(data).hexdigest() == sums[issued_file.fmt]

    client.force_login(world.officer_a)
    _give_reason(client, report)
    docx = again.files.get(fmt="docx")
    response = client.get(reverse("reports:issued_download_docx", kwargs={"report_id": report.pk}))
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert hashlib.sha256(body).hexdigest() == docx.sha256


def test_it_refuses_save_update_and_delete(world):
    report = issue(world.officer_a, world.hn)
    report.number = "99-BC/SUA"
    with pytest.raises(FrozenError):
        report.save()
    with pytest.raises(FrozenError):
        IssuedReport.objects.filter(pk=report.pk).update(number="99-BC/SUA")
    with pytest.raises(FrozenError):
        report.delete()
    with pytest.raises(FrozenError):
        IssuedReport.objects.filter(pk=report.pk).delete()
    issued_file = report.files.first()
    issued_file.sha256 = "0" * 64
    with pytest.raises(FrozenError):
        issued_file.save()
    with pytest.raises(FrozenError):
        IssuedFile.objects.filter(pk=issued_file.pk).update(sha256="0" * 64)
    assert IssuedReport.objects.get(pk=report.pk).number == "12-BC/BTCTU"


def test_issuing_writes_one_audit_event_with_the_checksums(world):
    report = issue(world.officer_a, world.hn)
    event = AuditEvent.objects.get(target_type="reports.issuedreport", target_id=str(report.pk))
    assert event.actor_id == world.officer_a.pk
    assert event.after["files"] == {f.fmt: f.sha256 for f in report.files.all()}
    assert event.org_path == world.hn.path


def test_files_are_stored_encrypted(world):
    report = issue(world.officer_a, world.hn)
    issued_file = report.files.get(fmt="docx")
    raw = storage.final_path(issued_file.storage_key).read_bytes()
    assert raw.startswith(storage.MAGIC)
    assert b"word/document.xml" not in raw  # the DOCX zip's names would show in plaintext


def test_an_altered_file_is_refused_at_download(world, client):
    report = issue(world.officer_a, world.hn, classification=0)
    issued_file = report.files.get(fmt="pdf")
    path = storage.final_path(issued_file.storage_key)
    raw = bytearray(path.read_bytes())
    raw[-5] ^= 0xFF
    path.write_bytes(bytes(raw))
    with pytest.raises(storage.CorruptFile):
        read_verified(issued_file)
    client.force_login(world.officer_a)
    response = client.get(reverse("reports:issued_download_pdf", kwargs={"report_id": report.pk}))
    assert response.status_code == 409
    assert "không khớp" in response.content.decode() or "bị thay đổi" in response.content.decode()


def test_viewer_cannot_issue(world):
    with pytest.raises(NotAllowed):
        issue(world.viewer_a, world.hn, classification=0)
    assert not IssuedReport.objects.exists()


def test_officer_cannot_issue_for_other_province(world):
    with pytest.raises(PermissionDenied):
        issue(world.officer_a, world.hp)
    data = sample_report(unit_id=world.hp.pk)  # figures built elsewhere: the service checks too
    with pytest.raises(NotAllowed, match="phạm vi"):
        do_issue_report(actor=world.officer_a, data=data, meta=meta_for(world.hp), files=[])
    assert not IssuedReport.objects.exists()


def test_a_number_is_used_once_per_unit_and_year(world):
    issue(world.officer_a, world.hn, formats=("docx",))
    with pytest.raises(NotAllowed, match="đã dùng"):
        issue(world.officer_a, world.hn, formats=("docx",))


def test_issued_list_shows_only_reports_in_scope(world, client):
    mine = issue(world.officer_a, world.hn, number="1-BC/HN", formats=("docx",))
    theirs = issue(world.officer_b, world.hp, number="2-BC/HP", formats=("docx",))
    client.force_login(world.officer_a)
    page = client.get(reverse("reports:issued_list")).content.decode()
    assert mine.number in page and theirs.number not in page
    response = client.get(reverse("reports:issued_detail", kwargs={"report_id": theirs.pk}))
    assert response.status_code == 404


def test_viewer_does_not_see_a_classified_issued_report(world, client):
    secret = issue(world.officer_a, world.hn, number="3-BC/HN", classification=1,
                   formats=("docx",))
    client.force_login(world.viewer_a)
    assert secret.number not in client.get(reverse("reports:issued_list")).content.decode()
    response = client.get(reverse("reports:issued_download_docx", kwargs={"report_id": secret.pk}))
    assert response.status_code == 404


def test_a_classified_issued_report_asks_why_and_logs_the_read(world, client):
    report = issue(world.officer_a, world.hn, number="4-BC/HN", classification=1)
    client.force_login(world.officer_a)
    url = reverse("reports:issued_detail", kwargs={"report_id": report.pk})
    assert "Lý do" in client.get(url).content.decode()
    _give_reason(client, report)
    page = client.get(url).content.decode()
    assert report.files.get(fmt="xlsx").sha256 in page
    assert AuditEvent.objects.filter(action="READ", target_id=str(report.pk),
                                     target_type="reports.issuedreport").exists()


def test_as_of_is_kept_on_the_issued_copy(world):
    report = issue(world.officer_a, world.hn, as_of=date(2026, 6, 30), formats=("docx",))
    assert report.as_of == date(2026, 6, 30)
    assert report_from_json(report.figures).period.as_of == date(2026, 6, 30)


def test_admin_site_lists_issued_reports_read_only(world, client):
    report = issue(world.officer_a, world.hn, formats=("docx",))
    client.force_login(world.admin)
    url = reverse("admin:reports_issuedreport_change", args=[report.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert report.number in response.content.decode()
    client.post(url, {"number": "99-BC/SUA"})
    assert IssuedReport.objects.get(pk=report.pk).number == report.number
    delete = client.post(reverse("admin:reports_issuedreport_delete", args=[report.pk]),
                         {"post": "yes"})
    assert delete.status_code == 403
    assert IssuedReport.objects.filter(pk=report.pk).exists()
