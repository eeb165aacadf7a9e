"""Demo documents: a year of Hà Nội's official documents (sent, received, internal), numbered
per unit, issuer, type and year as the service numbers them, some classified with their
secret-document register (received and sent copies), plus a smaller set for Hải Phòng. Written
in bulk with one summary audit event per province, scaled by the number of people. No files:
attachments are encrypted uploads, made through the pages or the API."""

import random
from datetime import date, timedelta

from audit.choices import AuditAction
from audit.services import record_event
from core.choices import Classification
from documents.choices import Direction, RegisterKind, Urgency
from documents.models import Document, DocumentType, NumberSequence, SecretRegisterEntry
from orgs.choices import OrgKind
from orgs.models import OrgUnit

PROVINCES = {"Thành phố Hà Nội": 1.0, "Thành phố Hải Phòng": 0.25}
OWN_TYPES = [("BC", 25), ("CV", 30), ("KH", 10), ("TB", 12), ("TTr", 8), ("KL", 5), ("HD", 4),
             ("BB", 6)]
IN_TYPES = [("CV", 30), ("HD", 15), ("QĐ", 15), ("KL", 10), ("TB", 10), ("CT", 5), ("NQ", 5),
            ("QC", 5), ("BC", 5)]
IN_ISSUERS = [("BTCTW", 30), ("TU", 25), ("UBKTTU", 15), ("VPTU", 15), ("BTGDVTU", 10),
              ("TW", 5)]
SUBJECTS = {
    "BC": ["Báo cáo kết quả công tác bảo vệ chính trị nội bộ", "Báo cáo sơ kết 3 năm thực hiện "
           "Quy định 58-QĐ/TW", "Báo cáo kết quả thẩm định tiêu chuẩn chính trị nhân sự"],
    "CV": ["V/v thẩm tra, xác minh lý lịch người thân", "V/v cung cấp thông tin phục vụ quy hoạch",
           "V/v cho ý kiến về tiêu chuẩn chính trị"],
    "KH": ["Kế hoạch kiểm tra công tác bảo vệ chính trị nội bộ", "Kế hoạch rà soát hồ sơ đảng viên"],
    "TB": ["Thông báo kết luận của Ban Thường vụ", "Thông báo ý kiến về tiêu chuẩn chính trị"],
    "TTr": ["Tờ trình về việc thẩm định nhân sự bổ nhiệm"],
    "KL": ["Kết luận về tiêu chuẩn chính trị", "Kết luận của Ban Bí thư về công tác cán bộ"],
    "HD": ["Hướng dẫn thực hiện Quy định 58-QĐ/TW", "Hướng dẫn xem xét tiêu chuẩn chính trị"],
    "BB": ["Biên bản họp thẩm định hồ sơ", "Biên bản giao nhận tài liệu mật"],
    "QĐ": ["Quyết định thành lập đoàn kiểm tra", "Quyết định ban hành quy chế bảo vệ bí mật"],
    "CT": ["Chỉ thị về tăng cường công tác bảo vệ chính trị nội bộ"],
    "NQ": ["Nghị quyết về công tác cán bộ"],
    "QC": ["Quy chế phối hợp trong công tác bảo vệ chính trị nội bộ"],
}
SIGNERS = ["Nguyễn Văn Hùng", "Trần Thị Mai", "Lê Quang Minh", "Phạm Đức Thắng", "Vũ Thị Hà"]
LEVELS = [(Classification.THUONG, 75), (Classification.MAT, 20), (Classification.TOI_MAT, 5)]
URGENCIES = [(Urgency.THUONG, 85), (Urgency.KHAN, 10), (Urgency.THUONG_KHAN, 4),
             (Urgency.HOA_TOC, 1)]


def _weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights)[0]


def _province_documents(rng, province, count, types, today) -> tuple[list, list, list]:
    wards = list(OrgUnit.objects.active().filter(parent=province, kind=OrgKind.XA_PHUONG)
                 .order_by("id")[:8])
    rows = []
    for _ in range(count):
        unit = province if rng.random() < 0.7 or not wards else rng.choice(wards)
        roll = rng.random()
        direction = Direction.OUT if roll < 0.5 else Direction.IN if roll < 0.9 else Direction.INTERNAL
        code = _weighted(rng, IN_TYPES if direction == Direction.IN else OWN_TYPES)
        issuer = (_weighted(rng, IN_ISSUERS) if direction == Direction.IN
                  else "BTCTU" if unit == province else "ĐU")
        issued = today - timedelta(days=rng.randint(0, 364))
        level = _weighted(rng, LEVELS)
        rows.append(Document(
            org_unit=unit, direction=direction, doc_type=types[code], issuer_code=issuer,
            year=issued.year, issued_on=issued, place=province.name.removeprefix("Thành phố "),
            subject=rng.choice(SUBJECTS[code]), signer=rng.choice(SIGNERS),
            recipients="- Như trên;\n- Lưu VP.", classification=level,
            urgency=_weighted(rng, URGENCIES), copies=rng.randint(1, 6),
            protect_until=issued + timedelta(days=3652) if level else None, number=0))
    rows.sort(key=lambda d: d.issued_on)
    counters: dict[tuple, int] = {}
    for document in rows:
        key = (document.org_unit_id, document.issuer_code, document.doc_type_id, document.year,
               document.direction == Direction.IN)
        # Own series count from 1; a received series skips the numbers sent to others.
        step = 1 if document.direction != Direction.IN else rng.randint(1, 40)
        counters[key] = counters.get(key, 0) + step
        document.number = counters[key]
    sequences = [NumberSequence(org_unit_id=k[0], issuer_code=k[1], doc_type_id=k[2], year=k[3],
                                last=n) for k, n in counters.items() if not k[4]]
    return rows, sequences, wards


def _register(rng, documents, today) -> list[SecretRegisterEntry]:
    """Received classified documents are logged in; some own ones sent out (within the copies)."""
    entries = []
    for document in documents:
        if not document.classification:
            continue
        if document.direction == Direction.IN:
            entries.append(SecretRegisterEntry(
                document=document, kind=RegisterKind.IN, on=document.issued_on + timedelta(days=2),
                counterpart=document.issuer_code, count=1, note="Vào sổ văn bản mật đến"))
        elif document.direction == Direction.OUT and rng.random() < 0.8:
            entries.append(SecretRegisterEntry(
                document=document, kind=RegisterKind.OUT, on=min(today, document.issued_on
                                                                 + timedelta(days=1)),
                counterpart="Ban Tổ chức Trung ương", count=rng.randint(1, document.copies)))
    return entries


def load_documents(rng: random.Random, people: int) -> int:
    """Create the demo year once per province (skipped when it already has documents)."""
    today = date.today()  # noqa: DTZ011 - demo data relative to the calendar date
    types = {t.code: t for t in DocumentType.objects.all()}
    if not all(code in types for code, _ in OWN_TYPES + IN_TYPES):
        return 0  # an administrator changed the seeded types: nothing sensible to invent
    total = 0
    for name, share in PROVINCES.items():
        province = OrgUnit.objects.active().filter(name=name, kind=OrgKind.TINH_THANH).first()
        if province is None or Document.objects.filter(org_unit=province).exists():
            continue
        count = int(max(60, min(1500, people // 15)) * share)
        documents, sequences, _wards = _province_documents(rng, province, count, types, today)
        Document.objects.bulk_create(documents, batch_size=1000)
        NumberSequence.objects.bulk_create(sequences, batch_size=1000)
        entries = _register(rng, documents, today)
        SecretRegisterEntry.objects.bulk_create(entries, batch_size=1000)
        record_event(actor=None, action=AuditAction.CREATE, target_type="demo.documents",
                     target_repr="Dữ liệu mẫu: văn bản", org_path=province.path,
                     reason="manage.py demo",
                     after={"documents": len(documents), "register_entries": len(entries)})
        total += len(documents)
    return total
