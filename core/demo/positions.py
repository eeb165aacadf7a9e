"""Demo key/secret positions: for Hà Nội and Hải Phòng, a catalogue superseded by the one in
force (the old one kept, its holdings ended the day before), positions of both levels, holders
— most with a fit decided conclusion, some not (none, adverse, limited below the position) with
a named override and its reason — and a few positions left without a holder. Bulk writes, one
summary audit event per province, scaled by the number of people."""

import random
from datetime import date, timedelta

from django.db.models import Q

from accounts.choices import Role
from accounts.models import User
from audit.choices import AuditAction
from audit.services import record_event
from orgs.choices import OrgKind
from orgs.models import OrgUnit
from people.models import Person
from positions.choices import Fitness, Level
from positions.models import Catalogue, Holding, Position
from vetting.choices import Outcome, Status
from vetting.models import Conclusion

PROVINCES = {"Thành phố Hà Nội": 1.0, "Thành phố Hải Phòng": 0.4}
POSTS = [("Văn phòng Tỉnh ủy", "Chánh Văn phòng", Level.TRONG_YEU),
         ("Văn phòng Tỉnh ủy", "Cán bộ văn thư, lưu trữ mật", Level.CO_MAT),
         ("Ban Tổ chức", "Trưởng ban", Level.TRONG_YEU),
         ("Ban Tổ chức", "Chuyên viên quản lý hồ sơ cán bộ", Level.CO_MAT),
         ("Ban Bảo vệ chính trị nội bộ", "Trưởng phòng nghiệp vụ", Level.TRONG_YEU),
         ("Ban Bảo vệ chính trị nội bộ", "Cán bộ thẩm định", Level.CO_MAT),
         ("Phòng Cơ yếu", "Nhân viên cơ yếu", Level.CO_MAT),
         ("Ủy ban Kiểm tra", "Phó Chủ nhiệm", Level.TRONG_YEU)]
OVERRIDE_REASONS = ["Bố trí tạm thời trong khi chờ kết luận thẩm định lại",
                    "Yêu cầu công tác cấp bách, đã báo cáo Thường trực"]


def load_positions(rng: random.Random, people: int) -> int:
    """Create the demo catalogues once per province (skipped when it already has one)."""
    today = date.today()  # noqa: DTZ011 - demo data relative to the calendar date
    total = 0
    for name, share in PROVINCES.items():
        province = OrgUnit.objects.active().filter(name=name, kind=OrgKind.TINH_THANH).first()
        if province is None or Catalogue.objects.filter(org_unit=province).exists():
            continue
        made = _province(rng, province, today, max(4, int(min(40, people // 500) * share)))
        record_event(actor=None, action=AuditAction.CREATE, target_type="demo.positions",
                     target_repr="Dữ liệu mẫu: vị trí trọng yếu, cơ mật", org_path=province.path,
                     reason="manage.py demo", after={"holdings": made})
        total += made
    return total


def _province(rng, province, today, rounds: int) -> int:
    old_from, new_from = today - timedelta(days=900), today - timedelta(days=200)
    old = Catalogue.objects.create(org_unit=province, decision_number="15-QĐ/TU",
                                   decided_on=old_from - timedelta(days=10), valid_from=old_from,
                                   valid_to=new_from - timedelta(days=1), version=2)
    new = Catalogue.objects.create(org_unit=province, decision_number="268-QĐ/TU",
                                   decided_on=new_from - timedelta(days=10), valid_from=new_from,
                                   supersedes=old)
    posts = [(f"{dept} ({i + 1})" if i else dept, title, level)
             for i in range(rounds // 4 + 1) for dept, title, level in POSTS]
    Position.objects.bulk_create([Position(catalogue=old, department=d, title=t, level=lv)
                                  for d, t, lv in posts[: len(posts) - 2]])
    current = Position.objects.bulk_create([Position(catalogue=new, department=d, title=t,
                                                     level=lv) for d, t, lv in posts])
    # The province's officer when demo accounts exist; empty only for rows loaded in bulk.
    officer = User.objects.filter(org_unit=province, role=Role.OFFICER).order_by("id").first()
    fit, unfit = _candidates(province, today)
    holdings = [Holding(position=p, person_id=person_id, started_on=old_from + timedelta(days=5),
                        ended_on=new_from - timedelta(days=1), fitness_at_start=Fitness.FIT)
                for p, person_id in zip(old.positions.all(), fit, strict=False)]
    for index, position in enumerate(current):
        if index % 7 == 6:
            continue  # left without a holder
        if index % 5 == 4 and unfit:
            person_id, code = unfit.pop()
            holdings.append(Holding(
                position=position, person_id=person_id, started_on=new_from + timedelta(days=3),
                fitness_at_start=code, override_reason=rng.choice(OVERRIDE_REASONS),
                override_by=officer, override_at=_at(new_from)))
        elif fit:
            holdings.append(Holding(position=position, person_id=fit.pop(),
                                    started_on=new_from, fitness_at_start=Fitness.FIT))
    Holding.objects.bulk_create(holdings)
    return len(holdings)


def _at(day):
    from datetime import datetime, time

    from django.utils import timezone

    return timezone.make_aware(datetime.combine(day, time(9, 0)))


def _candidates(province, today):
    """People with a clear conclusion (fit), and people without one or with an adverse one."""
    rows = (Conclusion.objects.filter(case__org_unit=province, withdrawn=False,
                                      decided_on__isnull=False, case__classification=0,
                                      case__status=Status.CONCLUDED)
            .filter(Q(recheck_on__isnull=True) | Q(recheck_on__gte=today)).order_by("case__subject_id", "-decided_on")
            .values_list("case__subject_id", "outcome"))
    latest = {}
    for person_id, outcome in rows:
        latest.setdefault(person_id, outcome)
    fit = [p for p, o in latest.items() if o in (Outcome.KHONG_CO_VAN_DE, Outcome.DU_TIEU_CHUAN)]
    unfit = [(p, Fitness.ADVERSE) for p, o in latest.items()
             if o == Outcome.KHONG_DU_TIEU_CHUAN][:3]
    never = (Person.objects.filter(org_unit__path__startswith=province.path, classification=0)
             .exclude(vetting_cases__isnull=False).values_list("id", flat=True)[:4])
    unfit += [(p, Fitness.NONE) for p in never]
    return fit, unfit
