"""The request letter as DOCX: party format, subject's fields, classification mark, logged."""

import io
from datetime import date

from django.urls import reverse
from docx import Document
from docx.shared import Cm

from audit.choices import AuditAction
from audit.models import AuditEvent
from coordination.choices import RequestKind
from coordination.models import CoordinationRequest
from coordination.tests.factories import make_request
from core.choices import Classification
from core.need_to_know import SESSION_KEY


def _letter(world, **fields):
    data = {"kind": RequestKind.XAC_MINH, "opened": date(2026, 1, 5),
            "counterpart_unit": world.hn_cell, "subject_person": world.person_a,
            "subject": "Thẩm tra lý lịch người vào Đảng", "letter_number": "15-CV/ĐU",
            "letter_date": date(2023, 12, 29)}
    data.update(fields)
    return make_request(world.admin, world.hn_ward, **data)


def _download(client, user, request_obj):
    client.force_login(user)
    return client.get(reverse("coordination:letter",
                              kwargs={"coordination_request_id": request_obj.pk}))


def _texts(document) -> list[str]:
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for cell in table._cells:
            texts.extend(p.text for p in cell.paragraphs)
    return texts


def test_letter_is_a_party_format_docx_naming_the_subject(client, world):
    request_obj = _letter(world)
    response = _download(client, world.officer_a, request_obj)
    assert response.status_code == 200
    assert "wordprocessingml" in response["Content-Type"]
    document = Document(io.BytesIO(response.content))
    texts = _texts(document)
    header = document.tables[0].rows[0].cells
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in header[1].text
    party_run = next(r for p in header[1].paragraphs for r in p.runs
                     if r.text == "ĐẢNG CỘNG SẢN VIỆT NAM")
    assert party_run.underline
    assert "THÀNH PHỐ HÀ NỘI" in header[0].text and "*" in header[0].text
    assert "Số 15-CV/ĐU" in header[0].text
    date_run = next(r for p in header[1].paragraphs for r in p.runs if "ngày" in r.text)
    assert date_run.text == "Hà Nội, ngày 29 tháng 12 năm 2023" and date_run.italic
    assert any("Nguyễn Văn Huy" in t for t in texts)
    assert any(t.startswith("Đề nghị quý cơ quan trả lời bằng văn bản trước ngày") for t in texts)
    assert any(t == "T/M ĐẢNG ỦY" for t in texts)
    assert any(t.startswith("- Lưu ") for t in texts)
    assert document.styles["Normal"].font.name == "Times New Roman"
    section = document.sections[0]
    assert abs(section.page_width - Cm(21)) < Cm(0.01)
    assert abs(section.page_height - Cm(29.7)) < Cm(0.01)
    assert not any(t in ("MẬT", "TỐI MẬT") for t in texts)


def test_classified_letter_carries_its_mark(client, world):
    request_obj = _letter(world, subject_person=world.person_a_secret,
                          classification=Classification.MAT)
    client.force_login(world.officer_a)
    session = client.session
    session[SESSION_KEY] = {f"coordination.coordinationrequest:{request_obj.pk}": "Thẩm tra"}
    session.save()
    response = client.get(reverse("coordination:letter",
                                  kwargs={"coordination_request_id": request_obj.pk}))
    document = Document(io.BytesIO(response.content))
    assert document.paragraphs[0].text == "MẬT"
    assert document.paragraphs[0].runs[0].bold


def test_download_is_logged_as_export(client, world):
    request_obj = _letter(world)
    _download(client, world.officer_a, request_obj)
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, target_id=str(request_obj.pk),
                                     target_type="coordination.coordinationrequest").exists()


def test_officer_of_other_province_cannot_download_the_letter(client, world):
    request_obj = _letter(world)
    assert _download(client, world.officer_b, request_obj).status_code == 404


def test_detail_page_links_to_the_letter(client, world):
    request_obj = _letter(world)
    client.force_login(world.officer_a)
    response = client.get(reverse("coordination:detail",
                                  kwargs={"coordination_request_id": request_obj.pk}))
    assert reverse("coordination:letter",
                   kwargs={"coordination_request_id": request_obj.pk}) in response.content.decode()


def test_letter_of_an_admission_dossier_names_the_admission_verification(client, world):
    from admission.services import do_link_letter
    from admission.tests.factories import make_candidate, make_dossier

    person = make_candidate(world.admin, world.hn_cell)
    dossier = make_dossier(world.admin, world.hn_cell, person)
    request_obj = _letter(world, subject_person=person)
    do_link_letter(actor=world.admin, dossier=dossier, request=request_obj)
    response = _download(client, world.officer_a, request_obj)
    texts = _texts(Document(io.BytesIO(response.content)))
    assert "V/v thẩm tra lý lịch người vào Đảng" in texts
    assert any("Phạm Thị Lan" in t for t in texts)


def test_letter_about_a_relative_names_the_relative_with_the_form_fields(client, world):
    from vetting.tests.factories import add_relative, make_case

    case = make_case(world.admin, world.hn, world.person_a)
    relative = add_relative(world.admin, case)
    request_obj = _letter(world)
    CoordinationRequest.objects.filter(pk=request_obj.pk).update(relative=relative)
    response = _download(client, world.officer_a, request_obj)
    texts = _texts(Document(io.BytesIO(response.content)))
    assert "- Thân nhân cần xác minh: Nguyễn Văn Cha" in texts
    assert "- Năm sinh: 1950" in texts and "- Nơi ở hiện nay: Hà Nội" in texts
    assert any(t.startswith("- Quan hệ với người được xác minh: ") for t in texts)
