"""Demo trips abroad for Hà Nội (and fewer for Hải Phòng): delegations and single travellers in
every state, with countries (some changed on the way), committee opinions, report deadlines on
the working-day calendar (some overdue, some late), passports; plus incoming visits and contact
reports. Written in bulk with one summary audit event per province."""

import random
from datetime import date, timedelta

from audit.choices import AuditAction
from audit.services import record_event
from core.workdays import WorkCalendar
from orgs.choices import OrgKind
from orgs.models import OrgUnit
from people.models import Person
from travel.choices import (
    COUNTRIES,
    CommitteeRole,
    Decision,
    Funding,
    ManagementLevel,
    MemberRole,
    PrivateKind,
    Purpose,
    Status,
)
from travel.models import (
    Approval,
    ContactReport,
    IncomingVisit,
    TravelRule,
    Trip,
    TripCountry,
    TripMember,
)

PROVINCES = {"Thành phố Hà Nội": 1.0, "Thành phố Hải Phòng": 0.25}
STATES = [Status.CLOSED, Status.DRAFT, Status.REPORT_DUE, Status.SUBMITTED, Status.APPROVED,
          Status.DEPARTED, Status.REPORTED, Status.REFUSED, Status.RETURNED, Status.REVIEWED,
          Status.CELL_REVIEW, Status.CANCELLED, Status.CLOSED, Status.RETURNED]
AFTER_APPROVAL = [Status.APPROVED, Status.DEPARTED, Status.RETURNED, Status.REPORT_DUE,
                  Status.REPORTED, Status.REVIEWED, Status.CLOSED]
AFTER_RETURN = AFTER_APPROVAL[2:]
CODES = sorted(COUNTRIES)
INVITERS = ["Ban Đối ngoại Trung ương Đảng Nhân dân Cách mạng Lào", "Đại học Quốc gia Seoul",
            "Tổ chức JICA", "Bộ Nội vụ Cuba", "Thân nhân (con đẻ)", ""]


def _trip(rng, unit, state, today, calendar, rule):
    purpose = rng.choice(list(Purpose.values))
    private = purpose == Purpose.VIEC_RIENG
    kind = rng.choice(list(PrivateKind.values)) if private else ""
    done = state in AFTER_RETURN
    departure = today - timedelta(days=rng.randint(20, 200) if done else -rng.randint(5, 90))
    if state == Status.DEPARTED:
        departure = today - timedelta(days=rng.randint(3, 20))
    back = departure + timedelta(days=rng.randint(3, 14))
    trip = Trip(org_unit=unit, title=f"Đoàn {Purpose(purpose).label.lower()} "
                f"{departure:%m/%Y}", purpose=purpose, private_kind=kind,
                inviter=rng.choice(INVITERS), planned_departure_on=departure,
                planned_return_on=back,
                funding=Funding.TU_TUC if private else rng.choice(list(Funding.values)),
                relatives_commitment="Cam kết chấp hành quy định khi thăm thân nhân."
                if kind == PrivateKind.THAM_THAN else "", status=state)
    if state in AFTER_APPROVAL[1:]:
        trip.actual_departure_on = departure + timedelta(days=rng.choice([0, 0, 1]))
    if done:
        trip.actual_return_on = back + timedelta(days=rng.choice([0, 0, 0, 2]))
        trip.rule = rule
        trip.report_due_on = calendar.add_working_days(trip.actual_return_on, rule.report_days)
        if state in (Status.REPORTED, Status.REVIEWED, Status.CLOSED):
            trip.reported_on = trip.report_due_on - timedelta(days=rng.choice([0, 2, 3, -4]))
            trip.report_summary = "Đoàn thực hiện đúng chương trình, không phát sinh vụ việc."
            trip.passport_returned_on = trip.actual_return_on + timedelta(days=2)
        if state in (Status.REVIEWED, Status.CLOSED):
            trip.reviewed_on = trip.reported_on + timedelta(days=3)
            trip.review_note = "Báo cáo đạt yêu cầu."
    return trip


def _province(rng, province, count, today, calendar, rule) -> int:
    cells = list(OrgUnit.objects.active().filter(path__startswith=province.path,
                                                 kind=OrgKind.CHI_BO).select_related("parent")
                 .order_by("id")[:200])
    pool = list(Person.objects.filter(org_unit__in=cells, classification=0)
                .values_list("id", "org_unit_id")[:3000])
    if not cells or not pool:
        return 0
    by_id = {cell.pk: cell for cell in cells}
    trips, plans = [], []
    for index in range(count):
        state = STATES[index % len(STATES)]
        size = rng.choice([1, 1, 1, 2, 3, 5])
        members = rng.sample(pool, min(size, len(pool)))
        trip = _trip(rng, province, state, today, calendar, rule)
        trips.append(trip)
        plans.append((members, rng.sample(CODES, rng.choice([1, 1, 2]))))
    Trip.objects.bulk_create(trips, batch_size=1000)
    rows, countries, approvals = [], [], []
    for trip, (members, codes) in zip(trips, plans, strict=True):
        level = rng.choice(list(ManagementLevel.values))
        for i, (person_id, _unit) in enumerate(members):
            rows.append(TripMember(trip=trip, person_id=person_id, management_level=level,
                                   role=MemberRole.TRUONG_DOAN if i == 0
                                   else MemberRole.THANH_VIEN))
        for code in codes:
            countries.append(TripCountry(trip=trip, country=code, planned=True,
                                         actual=trip.actual_return_on is not None))
        if trip.actual_return_on and rng.random() < 0.15:
            extra = rng.choice([c for c in CODES if c not in codes])
            countries.append(TripCountry(trip=trip, country=extra, planned=False, actual=True))
        if trip.status in (Status.SUBMITTED, Status.REFUSED, *AFTER_APPROVAL):
            cell = by_id[members[0][1]]
            committees = [(province, CommitteeRole.MANAGING)]
            if trip.purpose == Purpose.VIEC_RIENG and cell.parent_id:
                committees.append((cell.parent, CommitteeRole.ACTIVE))
            for committee, role in committees:
                decision = {Status.SUBMITTED: Decision.PENDING,
                            Status.REFUSED: Decision.REFUSED}.get(trip.status, Decision.APPROVED)
                approvals.append(Approval(
                    trip=trip, committee=committee, committee_role=role, decision=decision,
                    decided_on=None if decision == Decision.PENDING
                    else trip.planned_departure_on - timedelta(days=10),
                    reason="Chưa phù hợp thời điểm." if decision == Decision.REFUSED else ""))
    TripMember.objects.bulk_create(rows, batch_size=2000)
    TripCountry.objects.bulk_create(countries, batch_size=2000)
    Approval.objects.bulk_create(approvals, batch_size=2000)
    _visits(rng, province, cells, pool, count // 6 + 1, today)
    return len(trips)


def _visits(rng, province, cells, pool, count, today) -> None:
    visits, reports = [], []
    for _ in range(count):
        day = today - timedelta(days=rng.randint(1, 700))
        visits.append(IncomingVisit(
            org_unit=province, delegation="Đoàn đại biểu " + COUNTRIES[rng.choice(CODES)],
            country=rng.choice(CODES), purpose="Trao đổi kinh nghiệm công tác",
            arrived_on=day, left_on=day + timedelta(days=rng.randint(1, 4)),
            approval_document=f"{rng.randint(10, 900)}-CV/TU"))
        person_id, unit_id = rng.choice(pool)
        reports.append(ContactReport(
            org_unit_id=unit_id, person_id=person_id, contacted_on=day,
            counterpart="Đại sứ quán " + COUNTRIES[rng.choice(CODES)],
            country=rng.choice(CODES), purpose="Làm việc theo chương trình hợp tác",
            material_provided="Tài liệu giới thiệu công khai của đơn vị.",
            approval_document=f"{rng.randint(10, 900)}-CV/VP"))
    IncomingVisit.objects.bulk_create(visits)
    ContactReport.objects.bulk_create(reports)


def load_travel(rng: random.Random, people: int) -> int:
    """Create the demo trips once per province (skipped when it already has some)."""
    today = date.today()  # noqa: DTZ011 - demo data relative to the calendar date
    rule = TravelRule.in_force(today)
    if rule is None:
        return 0
    calendar = WorkCalendar.load()
    total = 0
    for name, share in PROVINCES.items():
        province = OrgUnit.objects.active().filter(name=name, kind=OrgKind.TINH_THANH).first()
        if province is None or Trip.objects.filter(
                org_unit__path__startswith=province.path).exists():
            continue
        count = int(max(28, min(400, people // 50)) * share)
        made = _province(rng, province, count, today, calendar, rule)
        record_event(actor=None, action=AuditAction.CREATE, target_type="demo.travel",
                     target_repr="Dữ liệu mẫu: chuyến đi nước ngoài", org_path=province.path,
                     reason="manage.py demo", after={"trips": made})
        total += made
    return total
