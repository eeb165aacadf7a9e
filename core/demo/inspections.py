"""Demo inspections: a realistic year of inspection and supervision for one province (Hà Nội):
the province body's programme and its wards' programmes, hundreds of inspections in every state
of the workflow, with subjects, team, documents, conclusions, discipline, appeals and
remediation. Written in bulk (one summary audit event), scaled by the number of people."""

import random
from datetime import date, timedelta

from audit.choices import AuditAction
from audit.services import record_event
from inspections.choices import (
    AppealResult,
    DocType,
    InspectionType,
    Kind,
    Status,
    TeamRole,
)
from inspections.models import (
    Appeal,
    Conclusion,
    Document,
    DurationRule,
    Finding,
    Inspection,
    Programme,
    RemediationItem,
    Subject,
    TeamMember,
)
from orgs.choices import OrgKind
from orgs.models import OrgUnit
from people.models import Person

PROVINCE = "Thành phố Hà Nội"
# Plausible shares (shaped on the office's published five-year figures, not statistics).
UNIT_VIOLATION, MEMBER_VIOLATION = 0.18, 0.09
DISCIPLINE = [("KHIEN_TRACH", 60), ("CANH_CAO", 25), ("CACH_CHUC", 10), ("KHAI_TRU", 5)]
TOPICS = [
    "công tác bảo vệ chính trị nội bộ", "việc thực hiện Quy định 58-QĐ/TW",
    "công tác bảo vệ bí mật nhà nước", "việc kê khai lý lịch, bổ sung hồ sơ đảng viên",
    "việc quản lý đảng viên đi nước ngoài", "công tác thẩm định tiêu chuẩn chính trị",
    "việc lãnh đạo thực hiện nhiệm vụ chính trị", "việc giữ gìn phẩm chất, đạo đức, lối sống",
]
FINDINGS = [
    "Chưa mở sổ theo dõi đảng viên đi nước ngoài", "Hồ sơ đảng viên lưu trữ chưa đầy đủ",
    "Chậm bổ sung lý lịch đảng viên theo quy định", "Chưa ban hành quy chế bảo vệ bí mật",
    "Kê khai lý lịch chưa trung thực", "Không báo cáo sau chuyến đi nước ngoài",
]
MIN_PEOPLE = 200
RUNNING = [Status.ANNOUNCED, Status.SELF_REPORT, Status.VERIFYING, Status.DRAFT_REPORT]


def load_inspections(rng: random.Random, people: int) -> int:
    """Create the demo year once (skipped when the province already has programmes)."""
    province = OrgUnit.objects.active().filter(name=PROVINCE, kind=OrgKind.TINH_THANH).first()
    # A tiny demo has too few people in one province for a believable year: none then.
    if people < MIN_PEOPLE or province is None or Programme.objects.filter(org_unit=province).exists():
        return 0
    # The duration rules are seeded by a migration; without them there is no believable year.
    if not DurationRule.objects.in_force(date.today()).exists():  # noqa: DTZ011
        return 0
    today = date.today()  # noqa: DTZ011 - demo data relative to the calendar date
    builder = _Builder(rng, province, today, people)
    total = max(40, min(600, people // 40))
    builder.programme(province, total * 2 // 3)
    wards = list(OrgUnit.objects.filter(parent=province, kind=OrgKind.XA_PHUONG)
                 .order_by("id")[:max(1, total // 12)])
    for ward in wards:
        builder.programme(ward, max(1, (total // 3) // len(wards)))
    builder.save()
    record_event(actor=None, action=AuditAction.CREATE, target_type="demo.inspections",
                 target_repr="Dữ liệu mẫu kiểm tra, giám sát", org_path=province.path,
                 reason="manage.py demo", after={"inspections": len(builder.inspections)})
    return len(builder.inspections)


class _Builder:
    """Plans rows in memory, then bulk-inserts them table by table."""

    def __init__(self, rng, province, today, people):
        self.rng, self.province, self.today = rng, province, today
        self.year = today.year
        units = OrgUnit.objects.active().filter(path__startswith=province.path).exclude(
            pk=province.pk)
        self.units = list(units.values_list("id", "parent_id", "kind"))
        self.people = list(Person.objects.filter(org_unit__path__startswith=province.path,
                                                 classification=0)
                           .order_by("id").values_list("id", flat=True)[:5000])
        self.inspections: list[Inspection] = []
        self.plans: list[dict] = []

    def programme(self, body: OrgUnit, count: int) -> None:
        rule = DurationRule.for_level(body.kind, date(self.year, 1, 1))
        if rule is None:
            return  # no duration rule for this level: nothing believable to plan
        programme = Programme.objects.create(
            year=self.year, org_unit=body, place="Hà Nội", issued_on=date(self.year - 1, 12, 29),
            title=f"Chương trình kiểm tra, giám sát năm {self.year}",
            number=f"{self.rng.randint(10, 99)}-CTr/{'TU' if body.kind == OrgKind.TINH_THANH else 'ĐU'}")
        below = [u for u in self.units if u[0] != body.pk and (
            body.kind == OrgKind.TINH_THANH or u[1] == body.pk)] or self.units
        for _ in range(count):
            self._inspection(programme, body, rule, below)

    def _inspection(self, programme, body, rule, below) -> None:
        rng = self.rng
        kind = Kind.KIEM_TRA if rng.random() < 0.6 else Kind.GIAM_SAT
        types = ([InspectionType.THUONG_XUYEN] * 5 + [InspectionType.CHUYEN_DE] * 4
                 + ([InspectionType.DAU_HIEU_VI_PHAM] if kind == Kind.KIEM_TRA else []))
        month = rng.randint(1, 12)
        decided = date(self.year, month, rng.randint(1, 20))
        inspection = Inspection(
            programme=programme, org_unit=body, kind=kind, type=rng.choice(types),
            title=f"{Kind(kind).label} {rng.choice(TOPICS)}", level=body.kind,
            look_back_from=date(self.year - rng.randint(1, 5), 1, 1),
            look_back_to=date(self.year - 1, 12, 31), planned_month=month)
        self._advance(inspection, decided, rule)
        units = rng.sample(below, k=min(len(below), rng.choice([0, 1, 1, 1, 2])))
        members = rng.sample(self.people, k=min(len(self.people), rng.choice([0, 1, 1, 2, 3])))
        if not units and not members:
            units = [rng.choice(below)]
        self.inspections.append(inspection)
        self.plans.append({"units": [u[0] for u in units], "members": members})

    def _advance(self, inspection, decided, rule) -> None:
        """Dates and status as of today, from a plausible timetable."""
        rng, today = self.rng, self.today
        if decided > today:
            return
        inspection.status = Status.DECIDED
        inspection.decided_on = decided
        inspection.limit_days, inspection.day_unit = rule.max_days, rule.day_unit
        inspection.max_extension_days = rule.max_extension_days
        started = decided + timedelta(days=rng.randint(3, 10))
        if started > today:
            return
        inspection.started_on = started
        inspection.deadline = started + timedelta(days=rule.max_days)
        if rng.random() < 0.1:
            inspection.extension_days = rng.randint(1, rule.max_extension_days)
            inspection.extension_reason = "Nhiều đối tượng, cần xác minh thêm"
            inspection.extended_on = started + timedelta(days=rule.max_days // 2)
            inspection.deadline += timedelta(days=inspection.extension_days)
        # ~8% run past their deadline.
        late = rng.random() < 0.08
        length = (rule.max_days + (inspection.extension_days or 0) + rng.randint(1, 10) if late
                  else rng.randint(rule.max_days // 2, rule.max_days))
        concluded = started + timedelta(days=length)
        if concluded > today:
            elapsed = (today - started).days
            inspection.status = RUNNING[min(3, elapsed * 4 // max(1, length))]
            return
        inspection.concluded_on = concluded
        inspection.status = Status.CONCLUDED

    def save(self) -> None:
        Inspection.objects.bulk_create(self.inspections, batch_size=500)
        subjects = []
        for inspection, plan in zip(self.inspections, self.plans, strict=True):
            subjects += [Subject(inspection=inspection, org_unit_id=u) for u in plan["units"]]
            subjects += [Subject(inspection=inspection, person_id=p) for p in plan["members"]]
        Subject.objects.bulk_create(subjects, batch_size=1000)
        by_inspection: dict[int, list[Subject]] = {}
        for subject in subjects:
            by_inspection.setdefault(subject.inspection_id, []).append(subject)
        TeamMember.objects.bulk_create(self._team(), batch_size=1000)
        Document.objects.bulk_create(self._documents(), batch_size=1000)
        self._conclusions(by_inspection)

    def _team(self):
        for inspection in self.inspections:
            picks = self.rng.sample(self.people, k=min(3, len(self.people)))
            for person, role in zip(picks, [TeamRole.TRUONG_DOAN, TeamRole.PHO_DOAN,
                                            TeamRole.THANH_VIEN], strict=False):
                yield TeamMember(inspection=inspection, person_id=person, role=role)

    def _documents(self):
        steps = [(DocType.QD, "decided_on", "Quyết định thành lập đoàn"),
                 (DocType.KH, "started_on", "Kế hoạch"), (DocType.DC, "started_on", "Đề cương"),
                 (DocType.KL, "concluded_on", "Thông báo kết luận")]
        for inspection in self.inspections:
            for doc_type, field, title in steps:
                day = getattr(inspection, field)
                if day:
                    yield Document(inspection=inspection, doc_type=doc_type, issued_on=day,
                                   number=f"{inspection.pk}-{doc_type}/UBKT", title=title)
            if inspection.started_on and inspection.status != Status.ANNOUNCED:
                yield Document(inspection=inspection, doc_type=DocType.BC,
                               issued_on=inspection.started_on + timedelta(days=7),
                               number=f"{inspection.pk}-BC", title="Báo cáo tự kiểm tra")

    def _conclusions(self, by_inspection) -> None:
        rng, today = self.rng, self.today
        conclusions, findings, items = [], [], []
        for inspection in self.inspections:
            if not inspection.concluded_on:
                continue
            for subject in by_inspection.get(inspection.pk, []):
                share = UNIT_VIOLATION if subject.org_unit_id else MEMBER_VIOLATION
                violation = rng.random() < share
                conclusion = Conclusion(subject=subject, violation=violation,
                                        summary="Cơ bản thực hiện tốt" if not violation else
                                        "Có vi phạm, cần khắc phục")
                if violation:
                    self._discipline(conclusion, inspection, subject)
                    findings.append(Finding(inspection=inspection, subject=subject,
                                            text=rng.choice(FINDINGS)))
                    deadline = inspection.concluded_on + timedelta(days=rng.choice([30, 60, 90]))
                    done = deadline - timedelta(days=rng.randint(0, 20))
                    items.append(RemediationItem(
                        inspection=inspection, subject=subject, deadline=deadline,
                        content="Khắc phục: " + findings[-1].text.lower(),
                        owner_unit_id=subject.org_unit_id, owner_text="" if subject.org_unit_id
                        else "Đảng viên được kiểm tra",
                        done_on=done if done <= today and rng.random() < 0.75 else None))
                conclusions.append(conclusion)
            open_items = [i for i in items if i.inspection is inspection and i.done_on is None]
            has_items = any(i.inspection is inspection for i in items)
            if has_items:
                inspection.status = Status.REMEDIATION if open_items else Status.CLOSED
            elif inspection.concluded_on + timedelta(days=15) <= today:
                inspection.status = Status.CLOSED
            if inspection.status == Status.CLOSED:
                inspection.closed_on = max([inspection.concluded_on] + [
                    i.done_on for i in items if i.inspection is inspection])
        Conclusion.objects.bulk_create(conclusions, batch_size=1000)
        Finding.objects.bulk_create(findings, batch_size=1000)
        RemediationItem.objects.bulk_create(items, batch_size=1000)
        Inspection.objects.bulk_update(self.inspections, ["status", "closed_on"], batch_size=500)
        Appeal.objects.bulk_create(self._appeals(conclusions), batch_size=500)

    def _discipline(self, conclusion, inspection, subject) -> None:
        rng = self.rng
        if subject.org_unit_id and rng.random() < 0.8 or rng.random() < 0.3:
            return  # most violations end with remediation, not discipline
        # Cách chức and khai trừ apply to members only.
        choices = DISCIPLINE[:2] if subject.org_unit_id else DISCIPLINE
        forms, weights = zip(*choices, strict=True)
        form = rng.choices(forms, weights)[0]
        conclusion.recommended_discipline = conclusion.applied_discipline = form
        decided = inspection.concluded_on + timedelta(days=rng.randint(5, 20))
        if decided <= self.today:
            conclusion.discipline_decided_on = decided
            conclusion.discipline_decision = f"{rng.randint(1, 300)}-QĐ/UBKT"
        else:
            conclusion.applied_discipline = ""

    def _appeals(self, conclusions):
        for conclusion in conclusions:
            decided = conclusion.discipline_decided_on
            if not decided or self.rng.random() > 0.2:
                continue
            filed = decided + timedelta(days=self.rng.randint(3, 30))
            if filed > self.today:
                continue
            answered = filed + timedelta(days=45)
            yield Appeal(conclusion=conclusion, filed_on=filed, deadline=decided + timedelta(
                days=30), content="Đề nghị xem xét lại hình thức kỷ luật",
                result=AppealResult.UPHELD if answered <= self.today else AppealResult.PENDING,
                decided_on=answered if answered <= self.today else None)
