"""Inspection and supervision counts (kiểm tra, giám sát). Periods:

- coverage (units / members inspected or supervised): subjects of inspections decided in the
  period, each unit or member once (a unit inspected twice is one unit);
- violations: subjects of inspections concluded in the period found in violation;
- discipline by form: discipline applied (decided) in the period, units and members apart;
- remediation: done in the period; pending and overdue at the period's end (or as-of day).
The "as of" rule is in reports.counts.base.
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reports.counts.base import Breakdown, CountDef, choice_labels, month_labels

PATH = "inspection__org_unit__path"


def _type_breakdown(lookup="inspection__type"):
    from inspections.choices import InspectionType

    return Breakdown("type", lookup, labels=choice_labels(InspectionType))


def _form_breakdown():
    from inspections.choices import DisciplineForm

    return Breakdown("form", "applied_discipline", labels=choice_labels(DisciplineForm))


def _subjects(scope, kind):
    from inspections.models import Subject

    return Subject.objects.visible_to(scope.user).filter(
        scope.created_by("inspection__created_at"), inspection__kind=kind)


def _covered(kind):
    def rows(scope):
        return _subjects(scope, kind).filter(scope.in_period("inspection__decided_on"))

    return rows


def _violating(kind):
    def rows(scope):
        return _subjects(scope, kind).filter(
            scope.in_period("inspection__concluded_on"), conclusion__violation=True)

    return rows


def _unit_model():
    from orgs.models import OrgUnit

    return OrgUnit


def _person_model():
    from people.models import Person

    return Person


def _coverage_counts(prefix, kind, label_units, label_members, label_units_v, label_members_v):
    common = {"path": PATH, "breakdowns": (_type_breakdown(),)}
    return [
        CountDef(f"inspections.{prefix}_units", label_units, _covered(kind), distinct="org_unit",
                 target=_unit_model, detail="orgs.unit", **common),
        CountDef(f"inspections.{prefix}_members", label_members, _covered(kind),
                 distinct="person", target=_person_model, detail="people.person", **common),
        CountDef(f"inspections.{prefix}_units_violating", label_units_v, _violating(kind),
                 distinct="org_unit", target=_unit_model, detail="orgs.unit", **common),
        CountDef(f"inspections.{prefix}_members_violating", label_members_v, _violating(kind),
                 distinct="person", target=_person_model, detail="people.person", **common),
    ]


def _inspections(kind):
    def rows(scope):
        from inspections.models import Inspection

        return Inspection.objects.visible_to(scope.user).filter(
            scope.created_by(), scope.in_period("decided_on"), kind=kind)

    return rows


def _discipline(members: bool):
    def rows(scope):
        from inspections.models import Conclusion

        return (Conclusion.objects.visible_to(scope.user)
                .filter(scope.created_by("subject__inspection__created_at"),
                        scope.in_period("discipline_decided_on"))
                .exclude(applied_discipline="")
                .filter(subject__person__isnull=not members))

    return rows


def _remediation(scope):
    from inspections.models import RemediationItem

    return RemediationItem.objects.visible_to(scope.user).filter(
        inspection__concluded_on__lte=scope.end)


def _remediation_done(scope):
    return _remediation(scope).filter(scope.in_period("done_on"))


def _remediation_pending(scope):
    return _remediation(scope).filter(scope.not_done_by("done_on"))


def _remediation_overdue(scope):
    return _remediation_pending(scope).filter(Q(deadline__lt=scope.end))


def counts() -> list[CountDef]:
    from inspections.choices import Kind

    month = Breakdown("month", "decided_on", kind="month", labels=month_labels)
    unit = Breakdown("unit", kind="unit")
    return [
        CountDef("inspections.inspections", _("Cuộc kiểm tra"), _inspections(Kind.KIEM_TRA),
                 path="org_unit__path", detail="inspections.inspection",
                 breakdowns=(_type_breakdown("type"), month, unit)),
        CountDef("inspections.supervisions", _("Cuộc giám sát"), _inspections(Kind.GIAM_SAT),
                 path="org_unit__path", detail="inspections.inspection",
                 breakdowns=(month, unit)),
        *_coverage_counts("inspected", Kind.KIEM_TRA,
                          _("Tổ chức đảng được kiểm tra"), _("Đảng viên được kiểm tra"),
                          _("Tổ chức đảng được kiểm tra có vi phạm"),
                          _("Đảng viên được kiểm tra có vi phạm")),
        *_coverage_counts("supervised", Kind.GIAM_SAT,
                          _("Tổ chức đảng được giám sát"), _("Đảng viên được giám sát"),
                          _("Tổ chức đảng được giám sát có vi phạm"),
                          _("Đảng viên được giám sát có vi phạm")),
        CountDef("inspections.discipline_units", _("Tổ chức đảng bị kỷ luật"),
                 _discipline(members=False), path=f"subject__{PATH}",
                 detail="inspections.conclusion", breakdowns=(_form_breakdown(),)),
        CountDef("inspections.discipline_members", _("Đảng viên bị kỷ luật"),
                 _discipline(members=True), path=f"subject__{PATH}",
                 detail="inspections.conclusion", breakdowns=(_form_breakdown(),)),
        CountDef("inspections.remediation_done", _("Nội dung khắc phục đã hoàn thành"),
                 _remediation_done, path=PATH, detail="inspections.child"),
        CountDef("inspections.remediation_pending", _("Nội dung khắc phục chưa hoàn thành"),
                 _remediation_pending, path=PATH, detail="inspections.child"),
        CountDef("inspections.remediation_overdue", _("Nội dung khắc phục quá hạn"),
                 _remediation_overdue, path=PATH, detail="inspections.child"),
    ]
