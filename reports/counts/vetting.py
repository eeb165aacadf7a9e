"""Appraisal counts (thẩm định tiêu chuẩn chính trị). Periods:

- appraisals: cases concluded in the period, by purpose and by outcome (the latest decided,
  not withdrawn conclusion decided by the period's end);
- with foreign elements: those of them with a finding on foreign elements recorded by then;
- overdue: concluded in the period after their deadline, and cases still open at the period's
  end past their deadline (paused, withdrawn and draft cases aside);
- re-checks: re-check dates falling in the period.
The "as of" rule is in reports.counts.base.
"""

from django.db.models import F, OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _

from reports.counts.base import Breakdown, CountDef, choice_labels, month_labels

FOREIGN_CATEGORY = "YEU_TO_NUOC_NGOAI"
PATH = "org_unit__path"


def purpose_labels(scope, seen):
    """Every purpose (data, in its order), plus any retired one that has cases."""
    from vetting.models import Purpose

    rows = Purpose.objects.filter(Q(active=True) | Q(code__in=list(seen))).order_by(
        "sort_order", "code")
    return [(p.code, p.name) for p in rows]


def _cases(scope):
    from vetting.models import VettingCase

    return VettingCase.objects.visible_to(scope.user).filter(scope.created_by())


def _concluded(scope):
    from vetting.models import Conclusion

    outcome = (Conclusion.objects.filter(case=OuterRef("pk"), decided_on__isnull=False,
                                         decided_on__lte=scope.end, withdrawn=False)
               .order_by("-decided_on", "-id").values("outcome")[:1])
    return _cases(scope).filter(scope.in_period("concluded_on")).annotate(
        outcome=Subquery(outcome))


def _foreign(scope):
    from vetting.models import Finding

    findings = Finding.objects.filter(category__code=FOREIGN_CATEGORY, recorded_on__lte=scope.end)
    return _concluded(scope).filter(pk__in=findings.values("case_id"))


def _concluded_late(scope):
    return _concluded(scope).filter(concluded_on__gt=F("due_on"))


def _open_overdue(scope):
    from vetting.choices import Status

    return (_cases(scope).filter(opened_on__lte=scope.end, due_on__lt=scope.end)
            .filter(scope.not_done_by("concluded_on"))
            .exclude(status__in=(Status.DRAFT, Status.WITHDRAWN, Status.SUSPENDED)))


def _opened(scope):
    return _cases(scope).filter(scope.in_period("opened_on"))


def _rechecks(scope):
    return _cases(scope).filter(scope.in_period("recheck_on"))


def counts() -> list[CountDef]:
    from vetting.choices import Outcome

    purpose = Breakdown("purpose", "purpose__code", labels=purpose_labels)
    outcome = Breakdown("outcome", "outcome", labels=choice_labels(Outcome))
    unit = Breakdown("unit", kind="unit")
    detail = "vetting.case"
    return [
        CountDef("vetting.appraisals", _("Hồ sơ thẩm định đã kết luận"), _concluded, PATH,
                 breakdowns=(purpose, outcome, unit,
                             Breakdown("month", "concluded_on", kind="month",
                                       labels=month_labels)), detail=detail),
        CountDef("vetting.foreign_elements", _("Hồ sơ có yếu tố nước ngoài"), _foreign, PATH,
                 breakdowns=(purpose,), detail=detail),
        CountDef("vetting.concluded_late", _("Hồ sơ kết luận quá hạn"), _concluded_late, PATH,
                 detail=detail),
        CountDef("vetting.open_overdue", _("Hồ sơ đang thụ lý quá hạn"), _open_overdue, PATH,
                 detail=detail),
        CountDef("vetting.opened", _("Hồ sơ thẩm định tiếp nhận"), _opened, PATH,
                 breakdowns=(purpose, unit, Breakdown("month", "opened_on", kind="month",
                                                      labels=month_labels)), detail=detail),
        CountDef("vetting.rechecks", _("Hồ sơ đến hạn xem xét lại"), _rechecks, PATH,
                 detail=detail),
    ]
