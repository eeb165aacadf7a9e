"""The request letter of a coordination request as a DOCX in the party document format
(e.g. the admission verification letter, mẫu 20-KNĐ), built on core.documents."""

import re

from docx.enum.text import WD_ALIGN_PARAGRAPH

from coordination.choices import Direction, RequestKind
from coordination.models import CoordinationRequest
from core import documents as party
from orgs.choices import OrgKind

PROVINCE_PREFIX = re.compile(r"^(tỉnh ủy|thành ủy|đảng bộ|tỉnh|thành phố)\s+", re.IGNORECASE)


def place_of(unit) -> str:
    """The place name of the letter: the province (or city) the issuing unit belongs to."""
    chain = [*unit.ancestors(), unit]
    province = next((u for u in chain if u.kind == OrgKind.TINH_THANH), None)
    name = province.name if province is not None else unit.name
    while PROVINCE_PREFIX.match(name):
        name = PROVINCE_PREFIX.sub("", name, count=1)
    return name


def signature_of(unit) -> list[str]:
    """Who signs for the issuing body: the cell, the party committee, or the board by order."""
    if unit.kind == OrgKind.CHI_BO:
        return ["T/M CHI BỘ", "BÍ THƯ"]
    if unit.kind in (OrgKind.XA_PHUONG, OrgKind.CO_SO):
        return ["T/M ĐẢNG ỦY", "BÍ THƯ"]
    return ["T/L BAN THƯỜNG VỤ", "TRƯỞNG BAN TỔ CHỨC"]


def _subject_line(request: CoordinationRequest) -> str:
    if getattr(request, "admission_dossier_id", None):
        return "V/v thẩm tra lý lịch người vào Đảng"
    return f"V/v {request.subject}"


def _kind_name(request: CoordinationRequest) -> str:
    if request.kind == RequestKind.XAC_MINH:
        return "Công văn đề nghị thẩm tra, xác minh"
    return "Công văn"


def _person_lines(person) -> list[str]:
    """The fields the verification form asks for about the subject."""
    lines = [f"Họ và tên: {person.full_name}", f"Ngày sinh: {person.birth_display}",
             f"Giới tính: {person.get_sex_display()}"]
    if person.cccd:
        lines.append(f"Số CCCD: {person.cccd}")
    for label, now, former in (("Quê quán", person.hometown, person.hometown_former),
                               ("Nơi sinh", person.birthplace, person.birthplace_former)):
        if now or former:
            lines.append(f"{label}: {now}" + (f" (trước đây: {former})" if former else ""))
    if person.post:
        lines.append(f"Chức vụ, nơi công tác: {person.post}")
    return lines


def _relative_lines(relative) -> list[str]:
    """A relative named in the request (vetting.Relative): the lines of the subject's form."""
    lines = [f"Thân nhân cần xác minh: {getattr(relative, 'full_name', relative)}"]
    for attr, label in (("get_relation_display", "Quan hệ với người được xác minh"),
                        ("birth_year", "Năm sinh"), ("residence", "Nơi ở hiện nay"),
                        ("occupation", "Nghề nghiệp")):
        value = getattr(relative, attr, None)
        value = value() if callable(value) else value
        if value:
            lines.append(f"{label}: {value}")
    return lines


def _body(document, request: CoordinationRequest, person, issuer: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run(f"Kính gửi: {request.counterpart_display or '……'}").bold = True
    if request.legal_basis:
        document.add_paragraph(f"Căn cứ {request.legal_basis};")
    document.add_paragraph(f"{issuer} đề nghị quý cơ quan giúp đỡ thẩm tra, xác minh: "
                           f"{request.subject}.")
    if person is not None:
        for line in _person_lines(person):
            document.add_paragraph(f"- {line}")
    relative = getattr(request, "relative", None)
    if relative is not None:
        for line in _relative_lines(relative):
            document.add_paragraph(f"- {line}")
    due = f"trước ngày {request.due_on:%d/%m/%Y}" if request.due_on else "sớm"
    document.add_paragraph(f"Đề nghị quý cơ quan trả lời bằng văn bản {due}.")
    document.add_paragraph("Xin trân trọng cảm ơn sự phối hợp của quý cơ quan./.")


def request_letter_docx(request: CoordinationRequest, person=None) -> bytes:
    """DOCX bytes of the letter of ``request``; ``person`` is the subject if the reader sees it."""
    unit = request.org_unit
    parent = unit.parent.name if unit.parent_id else ""
    document = party.new_document()
    party.classification_mark(document, request.classification)
    party.header_block(document, parent=parent, issuer=unit.name, number=request.letter_number,
                       place=place_of(unit), on=request.letter_date or request.sent_on)
    document.add_paragraph()
    party.title_block(document, _kind_name(request), _subject_line(request))
    _body(document, request, person, unit.name)
    document.add_paragraph()
    recipients = [request.counterpart_display or "Như trên"]
    if request.direction == Direction.SENT and unit.parent_id:
        recipients.append(f"{unit.parent.name} (để báo cáo)")
    party.signature_and_recipients(document, recipients=recipients, keep_at=unit.name,
                                   signature=signature_of(unit))
    return party.to_bytes(document)
