"""Demo party-admission dossiers: for Hà Nội (and fewer for Hải Phòng), dossiers of non-members
in cells, in every state of the workflow, with their papers (some expired or about to expire),
verification letters in the coordination ledger, and the clock computed on the working-day
calendar (some overdue). Written in bulk with one summary audit event per province."""

import random
from datetime import date, timedelta

from admission.choices import Status
from admission.models import (
    AdmissionDocument,
    AdmissionDocumentKind,
    AdmissionDossier,
    AdmissionRule,
    add_months,
)
from audit.choices import AuditAction
from audit.services import record_event
from coordination.choices import Direction, RequestKind
from coordination.choices import Status as RequestStatus
from coordination.models import Agency, CoordinationRequest
from core.workdays import WorkCalendar
from orgs.choices import OrgKind
from orgs.models import OrgUnit
from people.choices import PartyStatus
from people.models import Person

PROVINCES = {"Thành phố Hà Nội": 1.0, "Thành phố Hải Phòng": 0.25}
# The order of the workflow: a dossier in state N has the milestones of states before N.
ORDER = [Status.COLLECTING, Status.VERIFICATION_SENT, Status.RESULTS_IN, Status.CELL_RESOLVED,
         Status.DECIDED, Status.ADMITTED, Status.PROBATION, Status.FULL_MEMBER]
# Dossiers are made in this order (early and late states alternate: non-members are few).
STATES = [Status.COLLECTING, Status.FULL_MEMBER, Status.WITHDRAWN, Status.ADMITTED,
          Status.CELL_RESOLVED, Status.PROBATION, Status.VERIFICATION_SENT, Status.DECIDED,
          Status.RESULTS_IN]
# Days between steps (calendar days, roughly what offices take), and how long ago a dossier
# in each state was opened (so that its last step falls before today).
PERSON_STATUS = {Status.ADMITTED: PartyStatus.DU_BI, Status.PROBATION: PartyStatus.DU_BI,
                 Status.FULL_MEMBER: PartyStatus.CHINH_THUC}


class _Province:
    def __init__(self, rng, province, today, calendar, rule, kinds, agency):
        self.rng, self.province, self.today = rng, province, today
        self.calendar, self.rule, self.kinds, self.agency = calendar, rule, kinds, agency
        cells = OrgUnit.objects.active().filter(path__startswith=province.path,
                                                kind=OrgKind.CHI_BO)
        self.cells = list(cells.order_by("id")[:300])
        # Non-members for dossiers still open; members for the dossiers that admitted them.
        people = Person.objects.filter(org_unit__path__startswith=province.path,
                                       classification=0, admission_dossiers__isnull=True)
        self.pools = {
            member: list(people.filter(party_status=member).values_list("id", flat=True)[:1500])
            for member in (PartyStatus.QUAN_CHUNG, PartyStatus.CHINH_THUC)}

    def build(self, count: int) -> int:
        if not self.cells:
            return 0
        dossiers = []
        for index in range(count):
            state = STATES[index % len(STATES)]
            pool = self.pools[PartyStatus.CHINH_THUC if state in PERSON_STATUS
                              else PartyStatus.QUAN_CHUNG]
            if pool:
                dossiers.append(self._dossier(state, pool.pop()))
        AdmissionDossier.objects.bulk_create(dossiers, batch_size=1000)
        papers, letters = [], []
        for dossier in dossiers:
            papers.extend(self._papers(dossier))
            letters.extend(self._letters(dossier))
        AdmissionDocument.objects.bulk_create(papers, batch_size=2000)
        CoordinationRequest.objects.bulk_create(letters, batch_size=1000)
        self._update_people(dossiers)
        return len(dossiers)

    def _working(self, day: date) -> date:
        while not self.calendar.is_working_day(day):
            day -= timedelta(days=1)
        return day

    def _dossier(self, state: str, person_id: int) -> AdmissionDossier:
        rng, cal, rule = self.rng, self.calendar, self.rule
        reached = ORDER.index(state) if state != Status.WITHDRAWN else rng.randint(0, 3)
        # Steps back from today: probation needs a year, the rest a few weeks each.
        back = [0, 25, 40, 30, 35, 20, 0, 370][: reached + 1]
        start = self.today - timedelta(days=sum(back) + rng.randint(3, 60))
        if state in (Status.CELL_RESOLVED, Status.DECIDED) and rng.random() < 0.3:
            start -= timedelta(days=120)  # the clock ran out: shows in the overdue filter
        dossier = AdmissionDossier(
            person_id=person_id, org_unit=rng.choice(self.cells), opened_on=self._working(start),
            status=state, special_case=rng.random() < 0.08, version=1)
        if dossier.special_case:
            dossier.special_case_reason = "Đơn vị ở vùng sâu, vùng xa; chi bộ họp định kỳ quý"
        day = dossier.opened_on
        for step in range(1, reached + 1):
            day = self._working(day + timedelta(days=max(1, back[step] - rng.randint(0, 10))))
            self._milestone(dossier, ORDER[step], day, cal, rule)
        return dossier

    def _milestone(self, dossier, state, day, cal, rule) -> None:
        if state == Status.VERIFICATION_SENT:
            dossier.verification_sent_on = day
        elif state == Status.RESULTS_IN:
            dossier.results_in_on = day
        elif state == Status.CELL_RESOLVED:
            dossier.cell_resolved_on, dossier.rule = day, rule
            dossier.cell_resolution_number = f"{self.rng.randint(1, 40):02d}-NQ/CB"
            days = rule.decision_days + (rule.special_extra_days if dossier.special_case else 0)
            dossier.decision_due_on = cal.add_working_days(day, days)
        elif state == Status.DECIDED:
            dossier.decided_on = min(day, dossier.decision_due_on)
            dossier.decision_number = f"{self.rng.randint(100, 999)}-QĐ/ĐU"
            dossier.ceremony_due_on = cal.add_working_days(dossier.decided_on, rule.ceremony_days)
        elif state == Status.ADMITTED:
            dossier.ceremony_on = min(day, dossier.ceremony_due_on)
            dossier.probation_ends_on = add_months(dossier.ceremony_on, rule.probation_months)
        elif state == Status.FULL_MEMBER:
            dossier.full_member_on = max(day, dossier.probation_ends_on)

    def _papers(self, dossier) -> list[AdmissionDocument]:
        """Every paper, issued shortly before the dossier opened; some collecting dossiers have
        an old course certificate (expired) or a form about to expire."""
        rng, result = self.rng, []
        stale = dossier.status == Status.COLLECTING and rng.random() < 0.4
        for kind in self.kinds:
            issued = dossier.opened_on - timedelta(days=rng.randint(5, 90))
            if stale and kind.validity_months >= 60:
                issued = add_months(self.today, -kind.validity_months) - timedelta(
                    days=rng.randint(-20, 40))
            result.append(AdmissionDocument(
                dossier=dossier, kind=kind, issued_on=issued,
                expires_on=add_months(issued, kind.validity_months),
                number=f"{rng.randint(1, 300)}"))
        return result

    def _letters(self, dossier) -> list[CoordinationRequest]:
        """Verification letters (thẩm tra lý lịch) sent when the verification started."""
        if dossier.verification_sent_on is None or self.agency is None:
            return []
        sent = dossier.verification_sent_on
        due = self.calendar.add_working_days(sent, 15)
        answered = dossier.results_in_on
        letter = CoordinationRequest(
            org_unit=dossier.org_unit, direction=Direction.SENT, kind=RequestKind.XAC_MINH,
            agency=self.agency, subject_person_id=dossier.person_id, admission_dossier=dossier,
            subject="Thẩm tra lý lịch người vào Đảng", legal_basis="Hướng dẫn 06-HD/TW",
            letter_number=f"{self.rng.randint(1, 500)}-CV/ĐU", letter_date=sent, sent_on=sent,
            opened_on=sent, due_on=due, answered_on=answered,
            status=RequestStatus.ANSWERED if answered else RequestStatus.AWAITING, version=1)
        return [letter]

    def _update_people(self, dossiers) -> None:
        """Members admitted in the demo carry their party status and dates."""
        for dossier in dossiers:
            status = PERSON_STATUS.get(dossier.status)
            if status is not None:
                Person.objects.filter(pk=dossier.person_id).update(
                    party_status=status, party_admitted_on=dossier.ceremony_on,
                    party_official_on=dossier.probation_ends_on
                    if status == PartyStatus.CHINH_THUC else None)


def load_admission(rng: random.Random, people: int) -> int:
    """Create the demo dossiers once per province (skipped when it already has some)."""
    today = date.today()  # noqa: DTZ011 - demo data relative to the calendar date
    rule = AdmissionRule.in_force(today)
    kinds = list(AdmissionDocumentKind.objects.filter(required=True))
    if rule is None or not kinds:
        return 0  # an administrator removed the seeded rules: nothing sensible to invent
    calendar = WorkCalendar.load()
    agency = Agency.objects.filter(code="CA").first()
    total = 0
    for name, share in PROVINCES.items():
        province = OrgUnit.objects.active().filter(name=name, kind=OrgKind.TINH_THANH).first()
        if province is None or AdmissionDossier.objects.filter(
                org_unit__path__startswith=province.path).exists():
            continue
        count = int(max(27, min(360, people // 60)) * share)
        made = _Province(rng, province, today, calendar, rule, kinds, agency).build(count)
        record_event(actor=None, action=AuditAction.CREATE, target_type="demo.admission",
                     target_repr="Dữ liệu mẫu: hồ sơ kết nạp Đảng", org_path=province.path,
                     reason="manage.py demo", after={"admission_dossiers": made})
        total += made
    return total
