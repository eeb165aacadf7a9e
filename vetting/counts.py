"""Counts of vetting cases the reports quote: one function per figure, each taking
(user, date_from, date_to) and reading through VettingCase.objects.visible_to(user)."""

from datetime import date

from django.db.models import Count, F, OuterRef, Q, Subquery
from django.utils import timezone

from vetting.choices import Status
from vetting.models import Conclusion, VettingCase

FOREIGN_CATEGORY = "YEU_TO_NUOC_NGOAI"


def _concluded(user, date_from: date, date_to: date):
    return VettingCase.objects.visible_to(user).filter(
        concluded_on__gte=date_from, concluded_on__lte=date_to)


def appraisals_by_purpose_and_outcome(user, date_from: date, date_to: date) -> list[dict]:
    """Cases concluded in the period, by purpose and outcome: [{purpose, outcome, count}]."""
    outcome = Conclusion.objects.filter(case=OuterRef("pk"), decided_on__isnull=False,
                                        withdrawn=False).order_by("-id").values("outcome")[:1]
    rows = (_concluded(user, date_from, date_to).annotate(outcome=Subquery(outcome))
            .values("purpose__code", "outcome").annotate(count=Count("id"))
            .order_by("purpose__code", "outcome"))
    return [{"purpose": r["purpose__code"], "outcome": r["outcome"], "count": r["count"]}
            for r in rows]


def appraisals_with_foreign_elements(user, date_from: date, date_to: date) -> int:
    """Cases concluded in the period with at least one finding on foreign elements."""
    return (_concluded(user, date_from, date_to)
            .filter(findings__category__code=FOREIGN_CATEGORY).distinct().count())


def overdue_cases(user, date_from: date, date_to: date, today: date | None = None) -> dict:
    """Cases opened in the period that are late: concluded after their deadline, or still open
    (not paused) past it on ``today``."""
    today = today or timezone.localdate()
    opened = VettingCase.objects.visible_to(user).filter(
        opened_on__gte=date_from, opened_on__lte=date_to)
    concluded_late = opened.filter(concluded_on__isnull=False, concluded_on__gt=F("due_on"))
    return {"concluded_late": concluded_late.count(), "open_overdue": opened.overdue(today).count()}


def rechecks(user, date_from: date, date_to: date) -> dict:
    """Re-checks falling due in the period, and those already marked as needing one."""
    visible = VettingCase.objects.visible_to(user)
    due = visible.filter(recheck_on__gte=date_from, recheck_on__lte=date_to)
    return {"due": due.count(),
            "marked": due.filter(status=Status.NEEDS_RECHECK).count()}


def cases_by_status(user, date_from: date, date_to: date) -> dict[str, int]:
    """Cases created in the period, by current status."""
    rows = (VettingCase.objects.visible_to(user)
            .filter(Q(created_at__date__gte=date_from) & Q(created_at__date__lte=date_to))
            .values("status").annotate(count=Count("id")))
    return {r["status"]: r["count"] for r in rows}
