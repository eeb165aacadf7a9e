"""Counts the reports quote, each ONE function (user, date_from, date_to) reading through
visible_to(user). Periods:

- coverage (units / members inspected or supervised): inspections decided in the period;
- violations: subjects of inspections concluded in the period with a violation;
- discipline by form: applied discipline decided in the period (after any appeal result);
- remediation: done in the period; pending and overdue as of ``date_to``.
"""

from datetime import date

from django.db.models import Count, Q

from inspections.choices import DisciplineForm, InspectionType, Kind
from inspections.models import Conclusion, RemediationItem, Subject


def _subjects(user, kind: str):
    return Subject.objects.visible_to(user).filter(inspection__kind=kind)


def _by_type(rows) -> dict:
    """{type: {"units": n, "members": n}} for every type, zeros included, plus "total"."""
    result = {t: {"units": 0, "members": 0} for t in InspectionType.values}
    for row in rows.values("inspection__type").annotate(
            units=Count("org_unit", distinct=True), members=Count("person", distinct=True)):
        result[row["inspection__type"]] = {"units": row["units"], "members": row["members"]}
    result["total"] = rows.aggregate(units=Count("org_unit", distinct=True),
                                     members=Count("person", distinct=True))
    return result


def _covered(user, kind: str, date_from: date, date_to: date) -> dict:
    rows = _subjects(user, kind).filter(inspection__decided_on__range=(date_from, date_to))
    return _by_type(rows)


def _violating(user, kind: str, date_from: date, date_to: date) -> dict:
    rows = _subjects(user, kind).filter(inspection__concluded_on__range=(date_from, date_to),
                                        conclusion__violation=True)
    return _by_type(rows)


def inspected(user, date_from: date, date_to: date) -> dict:
    """Units and members inspected (kiểm tra), by type: {type: {"units", "members"}, "total"}."""
    return _covered(user, Kind.KIEM_TRA, date_from, date_to)


def supervised(user, date_from: date, date_to: date) -> dict:
    """Units and members supervised (giám sát), by type."""
    return _covered(user, Kind.GIAM_SAT, date_from, date_to)


def inspected_with_violations(user, date_from: date, date_to: date) -> dict:
    """Units and members an inspection concluded in the period found in violation, by type."""
    return _violating(user, Kind.KIEM_TRA, date_from, date_to)


def supervised_with_violations(user, date_from: date, date_to: date) -> dict:
    """Units and members a supervision concluded in the period found in violation, by type."""
    return _violating(user, Kind.GIAM_SAT, date_from, date_to)


def discipline_by_form(user, date_from: date, date_to: date) -> dict:
    """Disciplines applied in the period by form, for units and members apart."""
    rows = (Conclusion.objects.visible_to(user)
            .filter(discipline_decided_on__range=(date_from, date_to))
            .exclude(applied_discipline=""))
    result = {form: {"units": 0, "members": 0} for form in DisciplineForm.values}
    for row in rows.values("applied_discipline").annotate(
            units=Count("pk", filter=Q(subject__org_unit__isnull=False)),
            members=Count("pk", filter=Q(subject__person__isnull=False))):
        result[row["applied_discipline"]] = {"units": row["units"], "members": row["members"]}
    return result


def remediation(user, date_from: date, date_to: date) -> dict:
    """Remediation items: done in the period, pending and overdue on ``date_to``."""
    items = RemediationItem.objects.visible_to(user).filter(
        inspection__concluded_on__lte=date_to)
    return items.aggregate(
        done=Count("pk", filter=Q(done_on__range=(date_from, date_to))),
        pending=Count("pk", filter=Q(done_on__isnull=True) | Q(done_on__gt=date_to)),
        overdue=Count("pk", filter=(Q(done_on__isnull=True) | Q(done_on__gt=date_to))
                      & Q(deadline__lt=date_to)),
    )
