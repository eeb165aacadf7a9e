"""Demo vetting cases: for Hà Nội (and fewer for Hải Phòng), cases of every purpose in every
state — drafts, verifying, awaiting replies, suspended over a pause, proposed, concluded (some
adverse, with explanation and second approval, a few complained against), due for re-check,
returned, withdrawn — with declared relatives and findings. Written in bulk with one summary
audit event per province, scaled by the number of people."""

import random
from datetime import date, timedelta

from accounts.choices import Role
from accounts.models import User
from audit.choices import AuditAction
from audit.services import record_event
from core.cccd import blind_index, encrypt_value
from core.workdays import WorkCalendar
from orgs.choices import OrgKind
from orgs.models import OrgUnit
from people.models import Person
from vetting.choices import ADVERSE_OUTCOMES, ComplaintResult, Outcome, Relation, Status
from vetting.models import (
    Complaint,
    Conclusion,
    Explanation,
    Finding,
    FindingCategory,
    Pause,
    Purpose,
    Relative,
    VettingCase,
)
from vetting.services import add_months

PROVINCES = {"Thành phố Hà Nội": 1.0, "Thành phố Hải Phòng": 0.25}
# Share of each state among the demo cases (every state appears).
STATES = [(Status.DRAFT, 6), (Status.REQUESTED, 6), (Status.ASSIGNED, 6), (Status.VERIFYING, 14),
          (Status.AWAITING_REPLIES, 12), (Status.APPRAISING, 8), (Status.PROPOSED, 6),
          (Status.CONCLUDED, 26), (Status.NEEDS_RECHECK, 5), (Status.RETURNED_INCOMPLETE, 3),
          (Status.SUSPENDED, 4), (Status.WITHDRAWN, 4)]
AFTER_VERIFYING = {Status.VERIFYING, Status.AWAITING_REPLIES, Status.APPRAISING, Status.PROPOSED,
                   Status.CONCLUDED, Status.NEEDS_RECHECK, Status.SUSPENDED}
DECIDED = {Status.CONCLUDED, Status.NEEDS_RECHECK}
OUTCOMES = [(Outcome.KHONG_CO_VAN_DE, 55), (Outcome.DU_TIEU_CHUAN, 30),
            (Outcome.DU_CO_GIOI_HAN, 10), (Outcome.KHONG_DU_TIEU_CHUAN, 5)]
POSITIONS = ["Phó Trưởng phòng", "Trưởng phòng", "Phó Giám đốc Sở", "Bí thư Đảng ủy phường",
             "Chủ tịch UBND phường", "Chuyên viên", "Ủy viên Ban Thường vụ", "Đảng viên dự bị"]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"]
GIVEN_M = ["Văn Hùng", "Văn Minh", "Đức Thắng", "Quang Vinh", "Văn Bình", "Hữu Nghĩa"]
GIVEN_F = ["Thị Lan", "Thị Hoa", "Thị Mai", "Thị Hương", "Thị Thu", "Ngọc Anh"]
JOBS = ["Hưu trí", "Làm ruộng", "Công chức", "Giáo viên", "Kinh doanh tự do", "Công nhân",
        "Kỹ sư", "Bác sĩ"]
FINDINGS = {
    "LICH_SU_CHINH_TRI": "Lý lịch rõ ràng, không bị bắt, tù, đầu hàng, phản bội.",
    "CHINH_TRI_HIEN_NAY": "Không tham gia tổ chức, hoạt động trái pháp luật.",
    "YEU_TO_NUOC_NGOAI": "Có người thân định cư ở nước ngoài, quan hệ thăm hỏi bình thường.",
    "QUAN_HE_GIA_DINH": "Thân nhân chấp hành tốt chủ trương, chính sách, pháp luật.",
    "KHAI_LY_LICH": "Khai lý lịch đầy đủ, trung thực; xác minh khớp với hồ sơ gốc.",
}


def _weighted(rng, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights)[0]


class _Province:
    """One province's cases built in memory, then written in a few bulk inserts."""

    def __init__(self, rng, province, today, count, calendar):
        self.rng, self.province, self.today, self.count = rng, province, today, count
        self.calendar = calendar
        self.wards = list(OrgUnit.objects.active().filter(parent=province, kind=OrgKind.XA_PHUONG)
                          .order_by("id")[:10]) or [province]
        self.people = list(Person.objects.filter(org_unit__path__startswith=province.path)
                           .values_list("id", "classification")[:2000])
        users = User.objects.filter(org_unit=province, is_active=True)
        self.leader = users.filter(role=Role.LEADER).order_by("id").first()
        self.officer = users.filter(role=Role.OFFICER).order_by("id").first()
        self.purposes = list(Purpose.objects.in_force(today))
        self.categories = {c.code: c for c in FindingCategory.objects.all()}

    def build(self) -> int:
        if not self.people or not self.purposes:
            return 0
        cases = [self._case(i) for i in range(self.count)]
        VettingCase.objects.bulk_create(cases, batch_size=1000)
        relatives = [r for case in cases for r in self._relatives(case)]
        Relative.objects.bulk_create(relatives, batch_size=2000)
        by_case: dict[int, list[Relative]] = {}
        for relative in relatives:
            by_case.setdefault(relative.case_id, []).append(relative)
        findings, conclusions, explanations, pauses = [], [], [], []
        for case in cases:
            if case.status in AFTER_VERIFYING:
                findings += self._findings(case, by_case.get(case.pk, []))
            if case.status == Status.SUSPENDED:
                pauses.append(Pause(case=case, started_on=case.opened_on + timedelta(days=20),
                                    reason="Chờ đối tượng bổ sung bản tự khai lý lịch"))
            if case.status == Status.PROPOSED or case.status in DECIDED:
                conclusion, explanation = self._conclusion(case)
                conclusions.append(conclusion)
                if explanation is not None:
                    explanations.append(explanation)
        Finding.objects.bulk_create(findings, batch_size=2000)
        Pause.objects.bulk_create(pauses)
        Explanation.objects.bulk_create(explanations)
        Conclusion.objects.bulk_create(conclusions, batch_size=1000)
        Complaint.objects.bulk_create(self._complaints(conclusions))
        return len(cases)

    def _case(self, index: int) -> VettingCase:
        rng = self.rng
        status = STATES[index % len(STATES)][0] if index < len(STATES) else _weighted(rng, STATES)
        person_id, level = rng.choice(self.people)
        purpose = rng.choice(self.purposes)
        opened = self.today - timedelta(days=rng.randint(3, 330))
        if status in DECIDED or status == Status.WITHDRAWN:
            opened = self.today - timedelta(days=rng.randint(200, 400))
        case = VettingCase(
            org_unit=self.province, subject_id=person_id, purpose=purpose,
            position=rng.choice(POSITIONS), requesting_unit=rng.choice(self.wards),
            competent_body=self.province, classification=level, status=status,
            officer=self.officer if status not in (Status.DRAFT, Status.REQUESTED) else None)
        if status != Status.DRAFT:
            case.opened_on = opened
            case.due_on = self.calendar.add_working_days(opened, purpose.sla_days)
        if status == Status.SUSPENDED:
            case.status_before_pause = Status.VERIFYING
        if status in DECIDED:
            case.concluded_on = min(case.due_on + timedelta(days=rng.randint(-25, 8)),
                                    self.today - timedelta(days=1))
            months = purpose.recheck_months
            case.recheck_on = add_months(case.concluded_on, months)
            if status == Status.NEEDS_RECHECK:
                case.recheck_on = min(case.recheck_on, self.today - timedelta(days=3))
            elif case.recheck_on <= self.today:
                case.recheck_on = self.today + timedelta(days=rng.randint(5, 120))
        return case

    def _relatives(self, case):
        rng = self.rng
        family = rng.choice(FAMILY)
        lines = [(Relation.CHA, f"{family} {rng.choice(GIVEN_M)}", 1945),
                 (Relation.ME, f"{rng.choice(FAMILY)} {rng.choice(GIVEN_F)}", 1948)]
        if rng.random() < 0.7:
            lines.append((Relation.VO_CHONG, f"{rng.choice(FAMILY)} {rng.choice(GIVEN_F)}", 1975))
        if rng.random() < 0.3:
            lines.append((Relation.CON, f"{family} {rng.choice(GIVEN_M)}", 2000))
        rows = []
        for relation, name, base in lines:
            cccd = f"001{rng.randint(0, 999999999):09d}" if rng.random() < 0.3 else ""
            rows.append(Relative(case=case, relation=relation, full_name=name,
                                 birth_year=base + rng.randint(0, 15),
                                 residence=f"{rng.choice(self.wards).name}",
                                 occupation=rng.choice(JOBS),
                                 cccd_encrypted=encrypt_value(cccd) if cccd else "",
                                 cccd_index=blind_index(cccd) if cccd else ""))
        return rows

    def _findings(self, case, relatives):
        rng = self.rng
        codes = rng.sample(sorted(FINDINGS), k=rng.randint(1, 3))
        return [Finding(case=case, category=self.categories[code],
                        relative=rng.choice(relatives) if relatives and code in (
                            "QUAN_HE_GIA_DINH", "YEU_TO_NUOC_NGOAI") else None,
                        summary=FINDINGS[code], source="Công văn trả lời của Công an phường",
                        recorded_on=min(case.opened_on + timedelta(days=rng.randint(10, 40)),
                                        self.today))
                for code in codes if code in self.categories]

    def _conclusion(self, case):
        rng = self.rng
        outcome = _weighted(rng, OUTCOMES)
        proposed = min((case.concluded_on or self.today) - timedelta(days=5), self.today)
        conclusion = Conclusion(
            case=case, outcome=outcome, reasons="Căn cứ kết quả thẩm tra, xác minh và Quy định "
            "58-QĐ/TW, đề xuất kết luận như trên.", proposed_by=self.officer,
            proposed_on=proposed,
            ceiling="Không bố trí vào vị trí trọng yếu, cơ mật" if outcome == Outcome.DU_CO_GIOI_HAN
            else "")
        explanation = None
        if outcome in ADVERSE_OUTCOMES:
            requested = proposed - timedelta(days=20)
            explanation = Explanation(
                case=case, requested_on=requested,
                due_on=self.calendar.add_working_days(requested, 10),
                points="Đề nghị giải trình về nội dung khai lý lịch của thân nhân",
                received_on=requested + timedelta(days=7),
                summary="Đối tượng giải trình do không nắm được thông tin.")
        if case.status in DECIDED:
            conclusion.decider = self.leader
            conclusion.decided_on = case.concluded_on
            conclusion.recheck_on = case.recheck_on
            if outcome in ADVERSE_OUTCOMES and self.officer is not None:
                conclusion.second_approver = self.officer if self.officer != self.leader else None
                conclusion.second_approved_on = case.concluded_on
        return conclusion, explanation

    def _complaints(self, conclusions):
        rows = []
        for conclusion in conclusions:
            if conclusion.decided_on is None or conclusion.outcome not in ADVERSE_OUTCOMES:
                continue
            filed = conclusion.decided_on + timedelta(days=10)
            if filed > self.today:
                continue
            due = self.calendar.add_working_days(filed, conclusion.case.purpose.complaint_days)
            settled = due < self.today and self.rng.random() < 0.7
            rows.append(Complaint(
                case=conclusion.case, conclusion=conclusion, filed_on=filed, due_on=due,
                summary="Không đồng ý với kết luận về tiêu chuẩn chính trị",
                result=ComplaintResult.GIU_NGUYEN if settled else "",
                result_on=due - timedelta(days=3) if settled else None,
                result_summary="Giữ nguyên kết luận." if settled else ""))
        return rows


def load_vetting(rng: random.Random, people: int) -> int:
    """Create the demo cases once per province (skipped when it already has cases)."""
    today = date.today()  # noqa: DTZ011 - demo data relative to the calendar date
    calendar = WorkCalendar.load()
    total = 0
    for name, share in PROVINCES.items():
        province = OrgUnit.objects.active().filter(name=name, kind=OrgKind.TINH_THANH).first()
        if province is None or VettingCase.objects.filter(org_unit=province).exists():
            continue
        # At least one case per state for Hà Nội (the first len(STATES) cycle through them).
        count = int(max(len(STATES), min(600, people // 40)) * share)
        made = _Province(rng, province, today, count, calendar).build()
        record_event(actor=None, action=AuditAction.CREATE, target_type="demo.vetting",
                     target_repr="Dữ liệu mẫu: hồ sơ thẩm định", org_path=province.path,
                     reason="manage.py demo", after={"vetting_cases": made})
        total += made
    return total
