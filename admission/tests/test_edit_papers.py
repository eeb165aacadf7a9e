"""Correcting a paper of an admission dossier (API PATCH and the edit page): the row changes, its
expiry is recomputed and the dossier's timeline records before/after; a stale version is a
conflict that changes nothing; another province's paper is a 404, a viewer is refused, bad input
names its field, and nothing changes once the cell has resolved on the papers."""

from datetime import date

import pytest
from django.urls import reverse

from admission.models import AdmissionDocument
from admission.tests.factories import kind, make_candidate, make_dossier
from audit.choices import AuditAction
from audit.models import AuditEvent
from core.choices import Classification
from core.tests.api_client import call

pytestmark = pytest.mark.django_db
COURSE = "GIAY_CHUNG_NHAN_LOP_BOI_DUONG"


@pytest.fixture
def dossier_a(world):
    return make_dossier(world.officer_a, world.hn_cell, make_candidate(world.admin, world.hn_cell))


@pytest.fixture
def dossier_b(world):
    return make_dossier(world.officer_b, world.hp_cell,
                        make_candidate(world.admin, world.hp_cell, "Đỗ Văn Bình"))


def _course(dossier) -> AdmissionDocument:
    return dossier.documents.get(kind__code=COURSE)


def _url(paper) -> str:
    return f"/admission/papers/{paper.pk}"


def _updates(dossier):
    return AuditEvent.objects.filter(target_type="admission.admissiondossier",
                                     target_id=str(dossier.pk), action=AuditAction.UPDATE,
                                     before__isnull=False)


def test_paper_patch_changes_the_row_recomputes_expiry_and_audits(client, world, dossier_a):
    paper = _course(dossier_a)
    response = call(client, "PATCH", _url(paper), world.officer_a,
                    {"issued_on": "15/08/2025", "number": "Số 45-GCN/TTCT",
                     "version": paper.version, "reason": "Sai ngày cấp"})
    assert response.status_code == 200, response.content
    body = response.json()
    # The course certificate is valid 60 months.
    assert body["issued_on"] == "2025-08-15" and body["expires_on"] == "2030-08-15"
    assert body["number"] == "Số 45-GCN/TTCT" and body["version"] == paper.version + 1
    paper.refresh_from_db()
    assert paper.expires_on == date(2030, 8, 15)
    event = _updates(dossier_a).get()
    assert event.before["issued_on"] == "2025-09-01" and event.after["issued_on"] == "2025-08-15"
    assert event.reason == "Sai ngày cấp"


def test_paper_stale_version_is_409_and_changes_nothing(client, world, dossier_a):
    paper = _course(dossier_a)
    assert call(client, "PATCH", _url(paper), world.officer_a,
                {"number": "Số 1", "version": 1}).status_code == 200
    stale = call(client, "PATCH", _url(paper), world.officer_a, {"number": "Số 2", "version": 1})
    assert stale.status_code == 409 and stale.json()["detail"]
    assert AdmissionDocument.objects.get(pk=paper.pk).number == "Số 1"
    assert _updates(dossier_a).count() == 1


def test_paper_of_other_province_is_404_and_viewer_is_403(client, world, dossier_a, dossier_b):
    theirs = _course(dossier_b)
    assert call(client, "PATCH", _url(theirs), world.officer_a,
                {"number": "Sửa trộm", "version": 1}).status_code == 404
    assert call(client, "PATCH", _url(_course(dossier_a)), world.viewer_a,
                {"number": "Sửa trộm", "version": 1}).status_code == 403
    assert not AdmissionDocument.objects.filter(number="Sửa trộm").exists()


def test_paper_bad_input_names_the_field(client, world, dossier_a):
    paper = _course(dossier_a)
    future = call(client, "PATCH", _url(paper), world.officer_a,
                  {"issued_on": "01/01/2999", "version": 1})
    assert future.status_code == 400 and "issued_on" in future.json()["errors"]
    bad_kind = call(client, "PATCH", _url(paper), world.officer_a, {"kind": 999999, "version": 1})
    assert bad_kind.status_code == 400 and "kind" in bad_kind.json()["errors"]
    assert AdmissionDocument.objects.get(pk=paper.pk).version == 1


def test_classified_dossier_paper_needs_a_reason(client, world):
    person = make_candidate(world.admin, world.hn_cell, classification=Classification.MAT)
    dossier = make_dossier(world.officer_a, world.hn_cell, person,
                           classification=Classification.MAT)
    paper = _course(dossier)
    missing = call(client, "PATCH", _url(paper), world.officer_a, {"note": "Bản sao", "version": 1})
    assert missing.status_code == 400 and "reason" in missing.json()["errors"]
    done = call(client, "PATCH", _url(paper), world.officer_a,
                {"note": "Bản sao", "version": 1, "reason": "Xét kết nạp đợt 2026"})
    assert done.status_code == 200
    assert AuditEvent.objects.filter(action=AuditAction.READ, target_id=str(dossier.pk),
                                     reason="Xét kết nạp đợt 2026").exists()


def test_papers_are_fixed_once_the_cell_resolved(client, world):
    dossier = make_dossier(world.officer_a, world.hn_cell,
                           make_candidate(world.admin, world.hn_cell), moves=3)
    paper = _course(dossier)
    response = call(client, "PATCH", _url(paper), world.officer_a,
                    {"issued_on": "01/06/2020", "version": 1})
    assert response.status_code == 400 and "nghị quyết" in response.json()["errors"]["action"][0]
    assert AdmissionDocument.objects.get(pk=paper.pk).issued_on == date(2025, 9, 1)
    client.force_login(world.officer_a)
    page = client.get(reverse("admission:document_edit",
                              kwargs={"admission_document_id": paper.pk}))
    assert page.status_code == 302


def test_paper_edit_page_saves_through_the_service(client, world, dossier_a):
    paper = _course(dossier_a)
    url = reverse("admission:document_edit", kwargs={"admission_document_id": paper.pk})
    client.force_login(world.officer_a)
    detail = client.get(reverse("admission:detail",
                                kwargs={"admission_dossier_id": dossier_a.pk}))
    assert url in detail.content.decode()
    form = client.get(url).content.decode()
    assert "01/09/2025" in form and 'name="version"' in form
    response = client.post(url, {"kind": kind(COURSE).pk, "issued_on": "02/09/2025",
                                 "number": "Số 9", "version": 1, "change_reason": "Sai ngày"})
    assert response.status_code == 302
    assert AdmissionDocument.objects.get(pk=paper.pk).issued_on == date(2025, 9, 2)
    timeline = client.get(reverse("admission:detail",
                                  kwargs={"admission_dossier_id": dossier_a.pk}))
    assert "Sửa giấy tờ" in timeline.content.decode()
    stale = client.post(url, {"kind": kind(COURSE).pk, "issued_on": "03/09/2025", "version": 1})
    assert stale.status_code == 200 and "vừa được người khác cập nhật" in stale.content.decode()
    bad = client.post(url, {"kind": kind(COURSE).pk, "issued_on": "31/02/2025", "version": 2})
    assert bad.status_code == 200 and "không có thật" in bad.content.decode()
    assert AdmissionDocument.objects.get(pk=paper.pk).issued_on == date(2025, 9, 2)


def test_paper_edit_page_is_scoped_and_closed_to_viewers(client, world, dossier_a, dossier_b):
    client.force_login(world.officer_a)
    theirs = reverse("admission:document_edit",
                     kwargs={"admission_document_id": _course(dossier_b).pk})
    assert client.post(theirs, {"kind": kind(COURSE).pk, "issued_on": "02/09/2025",
                                "number": "Sửa trộm", "version": 1}).status_code == 404
    client.force_login(world.viewer_a)
    mine = reverse("admission:document_edit",
                   kwargs={"admission_document_id": _course(dossier_a).pk})
    assert client.get(mine).status_code == 403
    assert not AdmissionDocument.objects.filter(number="Sửa trộm").exists()
