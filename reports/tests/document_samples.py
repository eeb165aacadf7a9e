"""Hand-built report data and document metadata for the document tests (no database needed)."""

from datetime import date

from reports.kinds import ReportKind
from reports.rendering.meta import DocumentMeta
from reports.types import Figure, Period, ReportData, Section, Table


def sample_report(unit_id: int = 1, as_of: date | None = None) -> ReportData:
    """A small province's five years, with the figures DOMAIN.md quotes."""
    period = Period(unit_id=unit_id, date_from=date(2021, 1, 1), date_to=date(2025, 12, 31),
                    as_of=as_of)
    inspections = Section(key="kiem_tra", title="Công tác kiểm tra, giám sát", figures=[
        Figure("inspections.units_inspected", "Số tổ chức đảng được kiểm tra", 505),
        Figure("inspections.members_inspected", "Số đảng viên được kiểm tra", 824),
        Figure("inspections.units_violating", "Số tổ chức đảng có vi phạm", 94),
        Figure("inspections.members_violating", "Số đảng viên có vi phạm", 72),
        Figure("supervisions.units", "Số tổ chức đảng được giám sát", 212),
        Figure("supervisions.members", "Số đảng viên được giám sát", 421),
    ])
    vetting = Section(key="tham_dinh", title="Thẩm định tiêu chuẩn chính trị", figures=[
        Figure("vetting.appraisals", "Số hồ sơ thẩm định tiêu chuẩn chính trị", 778),
    ], tables=[Table(key="vetting.by_purpose", title="Hồ sơ thẩm định theo mục đích",
                     columns=["Mục đích", "Số hồ sơ"], rows=[
        ["Kết nạp Đảng", Figure("vetting.appraisals", "Kết nạp Đảng", 700,
                                cell="purpose=KET_NAP")],
        ["Bổ nhiệm", Figure("vetting.appraisals", "Bổ nhiệm", 78, cell="purpose=BO_NHIEM")],
    ])])
    travel = Section(key="di_nuoc_ngoai", title="Quản lý cán bộ, đảng viên đi nước ngoài", figures=[
        Figure("travel.delegations", "Số đoàn ra nước ngoài", 512),
        Figure("travel.person_trips", "Số lượt cán bộ ra nước ngoài", 2611),
    ])
    return ReportData(period=period, unit_name="Đảng bộ tỉnh Mẫu",
                      sections=[inspections, vetting, travel])


def sample_meta(kind: str = ReportKind.SO_KET, classification: int = 1) -> DocumentMeta:
    return DocumentMeta(
        kind=kind, parent_body="Đảng bộ tỉnh Mẫu", issuer="Ban Tổ chức Tỉnh ủy",
        number="259-BC/BTCTU", place="Hà Nội", issued_on=date(2023, 12, 29), title="Báo cáo",
        subject="Sơ kết công tác bảo vệ chính trị nội bộ giai đoạn 2021 – 2025",
        classification=classification, signature=["T/M BAN THƯỜNG VỤ"],
        signer_title="Phó Bí thư", signer="Nguyễn Văn An",
        recipients=["Ban Tổ chức Trung ương", "Thường trực Tỉnh ủy"], keep_at="VP, BTC")
