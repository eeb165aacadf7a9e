"""The programme DOCX: party format basics and a table of the planned inspections."""

import io

from docx import Document
from docx.shared import Cm

from core.choices import Classification
from inspections import services
from inspections.tests.factories import make_inspection, make_programme


def _docx(client, user, programme):
    client.force_login(user)
    response = client.get(f"/kiem-tra/chuong-trinh/{programme.pk}/docx/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml")
    return Document(io.BytesIO(response.content))


def test_programme_docx_has_the_party_format_and_the_planned_inspections(client, world, leader_a):
    programme = make_programme(leader_a, world.hn, year=2024)
    inspection = make_inspection(leader_a, world.hn, programme=programme,
                                 title="Kiểm tra công tác bảo vệ bí mật")
    services.do_add_subject(actor=leader_a, inspection=inspection,
                            data={"org_unit": world.hn_ward})
    make_inspection(world.admin, world.hn, programme=programme, title="Cuộc tối mật",
                    classification=Classification.TOI_MAT)
    document = _docx(client, world.officer_a, programme)

    head = document.tables[0]
    left, right = (cell.text for cell in head.rows[0].cells)
    assert "THÀNH PHỐ HÀ NỘI" in left and "*" in left and "Số 12-KH/TU" in left
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in right
    party = head.rows[0].cells[1].paragraphs[0].runs[0]
    assert party.bold and party.underline
    date_run = head.rows[0].cells[1].paragraphs[1].runs[0]
    assert date_run.text == "Hà Nội, ngày 29 tháng 12 năm 2023" and date_run.italic

    titles = [p for p in document.paragraphs if p.text == "KẾ HOẠCH"]
    assert titles and titles[0].runs[0].bold
    assert document.styles["Normal"].font.name == "Times New Roman"
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (
        Cm(21).cm, Cm(29.7).cm)

    plan = document.tables[1]
    rows = [[cell.text for cell in row.cells] for row in plan.rows]
    assert rows[0][:2] == ["TT", "Nội dung"]
    assert len(rows) == 2  # the header and the one inspection officer_a may see
    assert rows[1][1] == "Kiểm tra công tác bảo vệ bí mật"
    assert world.hn_ward.name in rows[1][3]
    closing = document.tables[2].rows[0].cells
    assert closing[0].paragraphs[0].text == "Nơi nhận:"
    assert closing[0].paragraphs[-1].text.startswith("- Lưu")
    assert "T/M BAN THƯỜNG VỤ" in closing[1].text
    assert not any(p.text == "MẬT" for p in document.paragraphs)  # not classified
    assert "Cuộc tối mật" not in "".join(c.text for r in plan.rows for c in r.cells)


def test_officer_of_other_province_cannot_download_it(client, world, leader_a):
    programme = make_programme(leader_a, world.hn)
    client.force_login(world.officer_b)
    assert client.get(f"/kiem-tra/chuong-trinh/{programme.pk}/docx/").status_code == 404


def test_classified_programme_carries_its_mark(client, world, leader_a):
    programme = make_programme(leader_a, world.hn, classification=Classification.MAT)
    document = _docx(client, world.officer_a, programme)
    assert document.paragraphs[0].text == "MẬT" and document.paragraphs[0].runs[0].bold
