"""Typed input and output of the inspection API (the OpenAPI schema shows them)."""

from datetime import date

from ninja import Field, Schema

from inspections.forms import today


class ProgrammeOut(Schema):
    id: int
    year: int
    title: str
    number: str
    issued_on: date | None
    place: str
    org_unit_id: int
    classification: int
    version: int


class ProgrammeIn(Schema):
    year: int = Field(..., description="Năm của chương trình (2000–2100).")
    org_unit: int = Field(..., description="Mã đơn vị (cơ quan ban hành), trong phạm vi của bạn.")
    title: str
    number: str = Field("", description="Ví dụ 12-KH/TU.")
    issued_on: date | None = None
    place: str = ""
    classification: int = Field(0, description="Độ mật: 0 Thường, 1 Mật, 2 Tối mật, 3 Tuyệt mật.")


class ProgrammePatch(Schema):
    """Only the fields sent change (the issuing body stays); ``version`` is the one read (409
    if stale); a classified programme needs ``reason`` (logged as a read)."""

    year: int | None = Field(None, description="Năm của chương trình (2000–2100).")
    title: str | None = None
    number: str | None = None
    issued_on: date | None = None
    place: str | None = None
    classification: int | None = None
    version: int
    reason: str = ""


class InspectionOut(Schema):
    id: int
    programme_id: int
    org_unit_id: int
    kind: str
    type: str
    title: str
    status: str
    level: str
    look_back_from: date
    look_back_to: date
    planned_month: int | None
    decided_on: date | None
    started_on: date | None
    limit_days: int | None
    extension_days: int | None
    deadline: date | None
    concluded_on: date | None
    closed_on: date | None
    follow_up_of_id: int | None
    classification: int
    version: int
    overdue: bool

    @staticmethod
    def resolve_overdue(obj) -> bool:
        return obj.is_overdue(today())


class ProgrammeDetail(ProgrammeOut):
    inspections: list[InspectionOut]

    @staticmethod
    def resolve_inspections(obj) -> list:
        return list(obj.inspections.order_by("pk"))


class SubjectOut(Schema):
    id: int
    org_unit_id: int | None
    # Only when the caller may see the person (people's own scope and clearance).
    person_id: int | None
    violation: bool | None
    findings: list[str]
    recommended_discipline: str
    applied_discipline: str
    discipline_decided_on: date | None


class TeamMemberOut(Schema):
    id: int
    user_id: int | None
    person_id: int | None
    role: str


class RemediationOut(Schema):
    id: int
    inspection_id: int
    subject_id: int | None
    content: str
    owner_unit_id: int | None
    owner_text: str
    deadline: date
    done_on: date | None
    done_note: str
    checked_by_id: int | None
    version: int


class InspectionDocumentOut(Schema):
    id: int
    inspection_id: int
    doc_type: str
    number: str
    issued_on: date
    title: str
    subject_id: int | None
    version: int


class InspectionConclusionOut(Schema):
    id: int
    subject_id: int
    violation: bool
    summary: str
    recommended_discipline: str
    applied_discipline: str
    discipline_decision: str
    discipline_decided_on: date | None
    findings: list[str]
    version: int

    @staticmethod
    def resolve_findings(obj) -> list[str]:
        return list(obj.subject.findings.order_by("pk").values_list("text", flat=True))


class InspectionAppealOut(Schema):
    id: int
    conclusion_id: int
    filed_on: date
    deadline: date
    content: str
    result: str
    new_discipline: str
    decided_on: date | None
    result_note: str


class InspectionDetail(InspectionOut):
    subjects: list[SubjectOut]
    team: list[TeamMemberOut]
    documents: list[InspectionDocumentOut]
    remediation: list[RemediationOut]

    @staticmethod
    def resolve_subjects(obj) -> list[dict]:
        return obj.subject_rows  # set by the detail view (people filtered through visible_to)

    @staticmethod
    def resolve_team(obj) -> list:
        return list(obj.team.order_by("pk"))

    @staticmethod
    def resolve_documents(obj) -> list:
        return list(obj.documents.order_by("pk"))

    @staticmethod
    def resolve_remediation(obj) -> list:
        return list(obj.remediation_items.order_by("pk"))


class InspectionPage(Schema):
    count: int
    page: int
    has_next: bool
    results: list[InspectionOut]


class InspectionFilters(Schema):
    kind: str = Field("", description="KIEM_TRA hoặc GIAM_SAT.")
    type: str = Field("", description="THUONG_XUYEN, CHUYEN_DE, DAU_HIEU_VI_PHAM.")
    status: str = Field("", description="Trạng thái trong quy trình (PLANNED … CLOSED).")
    year: int | None = Field(None, ge=1900, le=2100, description="Năm của chương trình.")
    programme: int | None = Field(None, description="Mã chương trình.")
    overdue: bool = Field(False, description="Chỉ các cuộc quá thời hạn.")
    page: int = 1


class InspectionIn(Schema):
    programme: int = Field(..., description="Mã chương trình (trong phạm vi của bạn).")
    kind: str = Field(..., description="KIEM_TRA hoặc GIAM_SAT.")
    type: str = Field(..., description="THUONG_XUYEN, CHUYEN_DE, DAU_HIEU_VI_PHAM (chỉ kiểm tra).")
    title: str
    look_back_from: date
    look_back_to: date
    planned_month: int | None = Field(None, description="Tháng dự kiến, 1–12.")
    follow_up_of: int | None = Field(None, description="Cuộc kiểm tra đã kết luận được kiểm "
                                                       "tra lại việc khắc phục.")
    classification: int = 0


class InspectionPatch(Schema):
    """Only the fields sent change; ``version`` is the one the client read (409 if stale)."""

    version: int
    kind: str | None = None
    type: str | None = None
    title: str | None = None
    look_back_from: date | None = None
    look_back_to: date | None = None
    planned_month: int | None = None
    follow_up_of: int | None = None
    classification: int | None = None
    reason: str = ""


class InspectionTransitionIn(Schema):
    target: str = Field(..., description="Trạng thái đích (bước kế tiếp của quy trình).")
    on: str = Field(..., description="Ngày, dạng dd/mm/yyyy (hoặc yyyy-mm-dd).")
    reason: str = ""
    version: int


class ExtensionIn(Schema):
    days: int = Field(..., description="Số ngày gia hạn (tối đa một phần ba thời hạn).")
    on: date
    reason: str
    version: int


class SubjectIn(Schema):
    org_unit: int | None = Field(None, description="Tổ chức đảng là đối tượng (hoặc person).")
    person: int | None = Field(None, description="Đảng viên là đối tượng (hoặc org_unit).")


class TeamMemberIn(Schema):
    user: int | None = Field(None, description="Người dùng (hoặc person).")
    person: int | None = Field(None, description="Cán bộ (hoặc user).")
    role: str = Field(..., description="TRUONG_DOAN, PHO_DOAN, THANH_VIEN.")


class InspectionDocumentIn(Schema):
    doc_type: str = Field(..., description="QD, KH, DC, BC, KL.")
    number: str = Field(..., description="Ví dụ 25-QĐ/UBKTTU.")
    issued_on: date
    title: str
    subject: int | None = None


class InspectionConclusionIn(Schema):
    violation: bool
    findings: list[str] = []
    summary: str = ""
    recommended_discipline: str = Field("", description="KHIEN_TRACH, CANH_CAO, CACH_CHUC, "
                                                        "KHAI_TRU hoặc rỗng.")
    applied_discipline: str = ""
    discipline_decision: str = ""
    discipline_decided_on: date | None = None
    version: int | None = Field(None, description="Phiên bản kết luận đã đọc (khi sửa).")


class InspectionAppealIn(Schema):
    filed_on: date
    content: str


class AppealDecisionIn(Schema):
    result: str = Field(..., description="UPHELD, CHANGED hoặc ANNULLED.")
    new_discipline: str = ""
    decided_on: date
    result_note: str = ""


class RemediationIn(Schema):
    subject: int | None = None
    content: str
    owner_unit: int | None = None
    owner_text: str = ""
    deadline: date


class RemediationDoneIn(Schema):
    done_on: date
    done_note: str = ""
    checked_by: int | None = Field(None, description="Cuộc kiểm tra lại đã xác nhận.")
    version: int


class InspectionDocumentPatch(Schema):
    """Only the fields sent change (``subject``: null = none); ``version`` is the one read."""

    doc_type: str | None = None
    number: str | None = None
    issued_on: date | None = None
    title: str | None = None
    subject: int | None = None
    version: int
    reason: str = ""


class RemediationPatch(Schema):
    """Only the fields sent change (``subject``, ``owner_unit``: null = none); ``version`` is
    the one read (409 if stale)."""

    subject: int | None = None
    content: str | None = None
    owner_unit: int | None = None
    owner_text: str | None = None
    deadline: date | None = None
    version: int
    reason: str = ""
