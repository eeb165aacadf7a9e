"""Demo coordination ledger: a realistic year of letters between Hà Nội's organisation board
(the province body and some wards) and the agencies it works with, both directions, in every
state (answered on time or late, partial answers, chasers, overdue, escalated), plus a smaller
ledger for Hải Phòng. Written in bulk with one summary audit event, scaled by people."""

import random
from datetime import date, timedelta

from audit.choices import AuditAction
from audit.services import record_event
from coordination.choices import Direction, ReplyKind, RequestKind, Status
from coordination.models import Agency, Chaser, CoordinationRequest, Reply, ResponseRule
from core.workdays import WorkCalendar
from orgs.choices import OrgKind
from orgs.models import OrgUnit
from people.models import Person

# Province name → share of the full ledger it gets.
PROVINCES = {"Thành phố Hà Nội": 1.0, "Thành phố Hải Phòng": 0.25}
SENT_KINDS = [(RequestKind.XAC_MINH, 60), (RequestKind.PHOI_HOP, 15),
              (RequestKind.CUNG_CAP_THONG_TIN, 15), (RequestKind.LAY_Y_KIEN, 10)]
RECEIVED_KINDS = [(RequestKind.CUNG_CAP_THONG_TIN, 40), (RequestKind.PHOI_HOP, 30),
                  (RequestKind.XAC_MINH, 20), (RequestKind.LAY_Y_KIEN, 10)]
AGENCIES = {
    RequestKind.XAC_MINH: [("CA", 50), ("BTC", 25), ("QD", 10), ("UBKT", 10), ("NG", 5)],
    RequestKind.PHOI_HOP: [("UBKT", 30), ("BNC", 20), ("CA", 20), ("BTG", 15), ("TTR", 15)],
    RequestKind.CUNG_CAP_THONG_TIN: [("UBKT", 30), ("NG", 25), ("CA", 20), ("TTR", 15),
                                     ("BTG", 10)],
    RequestKind.LAY_Y_KIEN: [("UBKT", 40), ("BNC", 20), ("CA", 20), ("BTC", 20)],
}
TOPICS = {
    RequestKind.PHOI_HOP: ["Phối hợp kiểm tra công tác bảo vệ chính trị nội bộ",
                           "Phối hợp giải quyết đơn thư liên quan đến tiêu chuẩn chính trị",
                           "Phối hợp quản lý đảng viên đi nước ngoài",
                           "Phối hợp bảo vệ bí mật nhà nước trong cơ quan đảng"],
    RequestKind.CUNG_CAP_THONG_TIN: ["Cung cấp danh sách đảng viên đi nước ngoài năm",
                                     "Cung cấp thông tin về tổ chức nước ngoài có quan hệ",
                                     "Cung cấp hồ sơ phục vụ kiểm tra khi có dấu hiệu vi phạm",
                                     "Cung cấp số liệu phục vụ sơ kết Quy định 58-QĐ/TW"],
    RequestKind.LAY_Y_KIEN: ["Lấy ý kiến về tiêu chuẩn chính trị nhân sự quy hoạch",
                             "Lấy ý kiến nhân sự dự kiến bổ nhiệm",
                             "Lấy ý kiến nhân sự ứng cử đại biểu HĐND"],
}
BASES = ["Quy định 58-QĐ/TW ngày 08/02/2022", "Hướng dẫn 01-HD/BTCTW ngày 05/8/2022",
         "Quy định 296-QĐ/TW ngày 30/5/2025", "Quy chế phối hợp số 05-QC/BTCTU"]
ISSUERS = {"CA": "CAT-PA03", "UBKT": "UBKTTU", "QD": "BCH", "NG": "SNgV", "BNC": "BNCTU",
           "BTG": "BTGTU", "TTR": "TTr", "BTC": "BTCTU"}


def _weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights)[0]


class _Year:
    """Builds one province's ledger in memory, then writes it in three bulk inserts."""

    def __init__(self, rng, province, today, count, calendar, rules, agencies):
        self.rng, self.province, self.today, self.count = rng, province, today, count
        self.calendar, self.rules, self.agencies = calendar, rules, agencies
        wards = OrgUnit.objects.active().filter(parent=province, kind=OrgKind.XA_PHUONG)
        self.wards = list(wards.order_by("id")[:12])
        people = Person.objects.filter(org_unit__path__startswith=province.path)
        self.people = list(people.values_list("id", "full_name", "classification")[:3000])
        self.numbers: dict[str, int] = {}
        self.replies: list[tuple[int, Reply]] = []
        self.chasers: list[tuple[int, Chaser]] = []

    def build(self) -> list[CoordinationRequest]:
        requests = [self._request(i) for i in range(self.count)]
        CoordinationRequest.objects.bulk_create(requests, batch_size=1000)
        for index, reply in self.replies:
            reply.request_id = requests[index].pk
        for index, chaser in self.chasers:
            chaser.request_id = requests[index].pk
        Reply.objects.bulk_create([r for _, r in self.replies], batch_size=2000)
        Chaser.objects.bulk_create([c for _, c in self.chasers], batch_size=2000)
        return requests

    def _number(self, issuer: str) -> str:
        self.numbers[issuer] = self.numbers.get(issuer, 0) + 1
        return f"Số {self.numbers[issuer]}-CV/{issuer}"

    def _request(self, index: int) -> CoordinationRequest:
        rng = self.rng
        direction = Direction.SENT if rng.random() < 0.75 else Direction.RECEIVED
        kind = _weighted(rng, SENT_KINDS if direction == Direction.SENT else RECEIVED_KINDS)
        code = _weighted(rng, AGENCIES[kind])
        unit = self.province if rng.random() < 0.7 or not self.wards else rng.choice(self.wards)
        opened = self.today - timedelta(days=rng.randint(0, 364))
        while not self.calendar.is_working_day(opened):
            opened -= timedelta(days=1)
        rule = self.rules[kind]
        request = CoordinationRequest(
            org_unit=unit, direction=direction, kind=kind, agency=self.agencies[code],
            legal_basis=rng.choice(BASES), opened_on=opened, rule=rule,
            due_on=self.calendar.add_working_days(opened, rule.answer_days),
            status=Status.AWAITING, version=1,
        )
        self._describe(request, code, direction)
        self._dates(request, direction, opened)
        self._outcome(index, request, unit)
        return request

    def _describe(self, request, code, direction) -> None:
        rng = self.rng
        if request.kind == RequestKind.XAC_MINH and self.people and direction == Direction.SENT:
            person_id, name, level = rng.choice(self.people)
            request.subject_person_id, request.classification = person_id, level
            request.subject = f"Đề nghị thẩm tra, xác minh lý lịch đối với {name}"
        elif request.kind == RequestKind.XAC_MINH:
            request.subject = "Đề nghị xác minh lý lịch người thân của cán bộ thuộc diện quản lý"
        else:
            request.subject = rng.choice(TOPICS[request.kind])
        issuer = "BTCTU" if direction == Direction.SENT else ISSUERS[code]
        request.letter_number = self._number(issuer)

    def _dates(self, request, direction, opened) -> None:
        if direction == Direction.SENT:
            request.sent_on = request.letter_date = opened
        else:
            request.received_on = opened
            request.sent_on = request.letter_date = opened - timedelta(days=self.rng.randint(1, 4))

    def _outcome(self, index, request, unit) -> None:
        """Answered on time (most), late, or still waiting; some partial first; chasers."""
        rng, cal, today = self.rng, self.calendar, self.today
        roll = rng.random()
        if roll < 0.03:
            request.status = Status.CANCELLED
            return
        if (today - request.opened_on).days < 10 and roll < 0.3:
            request.status, request.opened_on, request.due_on, request.rule = (
                Status.DRAFT, None, None, None)
            request.sent_on = request.received_on = None
            return
        due_passed = request.due_on < today
        answer = rng.random()
        if due_passed and answer < 0.70 or not due_passed and answer < 0.45:
            span = max(1, cal.working_days_between(request.opened_on, min(request.due_on, today)))
            self._answer(index, request, cal.add_working_days(request.opened_on,
                                                              rng.randint(1, span)))
        elif due_passed and answer < 0.88:
            late_day = cal.add_working_days(request.due_on, rng.randint(1, 25))
            if late_day <= today:
                self._chase(index, request, late_day)
                self._answer(index, request, late_day)
        if request.answered_on is None and due_passed:
            if rng.random() < 0.2:
                self.replies.append((index, Reply(
                    kind=ReplyKind.PARTIAL, replied_on=request.due_on,
                    summary="Trả lời một phần, đang xác minh tiếp")))
                request.status = Status.PARTIALLY_ANSWERED
            self._chase(index, request, today)
            self._escalate(request, unit)

    def _answer(self, index, request, day) -> None:
        rng = self.rng
        if rng.random() < 0.25 and day > request.opened_on + timedelta(days=2):
            partial = request.opened_on + timedelta(days=(day - request.opened_on).days // 2)
            self.replies.append((index, Reply(kind=ReplyKind.PARTIAL, replied_on=partial,
                                              summary="Trả lời một phần, đang xác minh tiếp")))
        kind = ReplyKind.NO_RECORD if rng.random() < 0.12 else ReplyKind.FINAL
        summary = ("Không có thông tin về nội dung đề nghị" if kind == ReplyKind.NO_RECORD
                   else "Đã trả lời đầy đủ nội dung đề nghị")
        self.replies.append((index, Reply(kind=kind, replied_on=day, summary=summary,
                                          letter_number=self._number("TL"))))
        request.answered_on = day
        closed = (self.today - day).days > 60 and rng.random() < 0.6
        request.status = Status.CLOSED if closed else Status.ANSWERED

    def _chase(self, index, request, until) -> None:
        """One or two reminders after the due date, before ``until``."""
        day = self.calendar.add_working_days(request.due_on, 3)
        for _n in range(self.rng.randint(1, 2)):
            if day >= until:
                return
            self.chasers.append((index, Chaser(sent_on=day, letter_number=self._number(
                "BTCTU"), note="Đôn đốc trả lời yêu cầu quá hạn")))
            day = self.calendar.add_working_days(day, 7)

    def _escalate(self, request, unit) -> None:
        delay = request.rule.escalate_after_days
        late = self.calendar.working_days_between(request.due_on, self.today)
        if late > delay and unit.parent_id is not None:
            request.escalated_to_id = unit.parent_id
            request.escalated_on = self.calendar.add_working_days(request.due_on, delay + 1)


def load_coordination(rng: random.Random, people: int) -> int:
    """Create the demo year once per province (skipped when its ledger is not empty)."""
    today = date.today()  # noqa: DTZ011 - demo data relative to the calendar date
    calendar = WorkCalendar.load()
    agencies = {a.code: a for a in Agency.objects.all()}
    rules = {kind: ResponseRule.objects.filter(kind=kind, agency__isnull=True)
             .order_by("-valid_from").first() for kind in RequestKind.values}
    if len(agencies) < len(ISSUERS) - 1 or None in rules.values():
        return 0  # an administrator changed the seeded lists: nothing sensible to invent
    total = 0
    for name, share in PROVINCES.items():
        province = OrgUnit.objects.active().filter(name=name, kind=OrgKind.TINH_THANH).first()
        if province is None or CoordinationRequest.objects.filter(org_unit=province).exists():
            continue
        count = int(max(60, min(900, people // 25)) * share)
        made = len(_Year(rng, province, today, count, calendar, rules, agencies).build())
        # One summary event per province, in its scope (the rows were written in bulk).
        record_event(actor=None, action=AuditAction.CREATE, target_type="demo.coordination",
                     target_repr="Dữ liệu mẫu: sổ phối hợp", org_path=province.path,
                     reason="manage.py demo", after={"coordination_requests": made})
        total += made
    return total
