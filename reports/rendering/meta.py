"""What a report document says around its figures: issuer, number, date, signature, recipients."""

from dataclasses import asdict, dataclass, field
from datetime import date


@dataclass
class DocumentMeta:
    kind: str  # reports.kinds.ReportKind
    parent_body: str  # "ĐẢNG BỘ THÀNH PHỐ HÀ NỘI"
    issuer: str  # "BAN TỔ CHỨC THÀNH ỦY"
    number: str  # "12-BC/BTCTU" (the document says "Số 12-BC/BTCTU")
    place: str  # "Hà Nội"
    issued_on: date | None
    title: str  # type name, e.g. "BÁO CÁO"
    subject: str  # "Kết quả công tác bảo vệ chính trị nội bộ năm 2025"
    classification: int = 1  # core.choices.Classification; 0 = no mark
    signature: list[str] = field(default_factory=lambda: ["T/M BAN THƯỜNG VỤ"])
    signer_title: str = ""  # "PHÓ BÍ THƯ"
    signer: str = ""  # the signer's name
    recipients: list[str] = field(default_factory=list)
    keep_at: str = "VP"  # the last "Nơi nhận" line: "- Lưu VP."

    def to_json(self) -> dict:
        data = asdict(self)
        data["issued_on"] = self.issued_on.isoformat() if self.issued_on else None
        return data

    @classmethod
    def from_json(cls, data: dict) -> "DocumentMeta":
        data = dict(data)
        if data.get("issued_on"):
            data["issued_on"] = date.fromisoformat(data["issued_on"])
        return cls(**data)
