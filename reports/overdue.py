"""The dashboard's overdue lists, on today: each is the owning app's own overdue queryset (or the
positions fitness rule), narrowed to the dashboard's unit; the first few lines and the total."""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext as _

from coordination.forms import local_today

SHOWN = 10


@dataclass
class OverdueList:
    key: str
    title: str
    total: int
    lines: list = field(default_factory=list)  # (text, url, due date or None)
    more_url: str = ""


def _list(key, title, queryset, link, due, more_url=""):
    total = queryset.count()
    lines = [(str(r), link(r), due(r)) for r in queryset[:SHOWN]] if total else []
    return OverdueList(key, title, total, lines, more_url)


def lists(user, unit) -> list[OverdueList]:
    """Verification replies, post-trip reports, remediation, cases and inspections past their
    deadline, admission clocks, key-position holders without a valid conclusion."""
    from admission.models import AdmissionDossier
    from coordination.models import CoordinationRequest
    from inspections.models import Inspection, RemediationItem
    from positions.compliance import unfit_holders
    from travel.models import Trip
    from vetting.models import VettingCase

    today, path = local_today(), unit.path
    result = [
        _list("replies", _("Yêu cầu, công văn xác minh quá hạn trả lời"),
              CoordinationRequest.objects.visible_to(user).overdue(today)
              .filter(org_unit__path__startswith=path).order_by("due_on"),
              lambda r: reverse("coordination:detail", args=[r.pk]), lambda r: r.due_on,
              reverse("coordination:overdue")),
        _list("trip_reports", _("Chưa nộp báo cáo sau chuyến đi (quá hạn)"),
              Trip.objects.visible_to(user).overdue_report(today)
              .filter(org_unit__path__startswith=path).order_by("report_due_on"),
              lambda r: reverse("travel:detail", args=[r.pk]), lambda r: r.report_due_on),
        _list("remediation", _("Nội dung khắc phục quá hạn"),
              RemediationItem.objects.visible_to(user).overdue(today)
              .filter(inspection__org_unit__path__startswith=path).order_by("deadline"),
              lambda r: reverse("inspections:detail", args=[r.inspection_id]),
              lambda r: r.deadline, reverse("inspections:remediation_overdue")),
        _list("cases", _("Hồ sơ thẩm định quá hạn"),
              VettingCase.objects.visible_to(user).overdue(today)
              .filter(org_unit__path__startswith=path).select_related("purpose", "subject")
              .order_by("due_on"),
              lambda r: reverse("vetting:detail", args=[r.pk]), lambda r: r.due_on),
        _list("inspections", _("Cuộc kiểm tra, giám sát quá thời hạn"),
              Inspection.objects.visible_to(user).overdue(today)
              .filter(org_unit__path__startswith=path).order_by("deadline"),
              lambda r: reverse("inspections:detail", args=[r.pk]), lambda r: r.deadline),
        _list("admission", _("Hồ sơ kết nạp quá thời hạn quyết định, kết nạp"),
              AdmissionDossier.objects.visible_to(user).clock_overdue(today)
              .filter(org_unit__path__startswith=path).select_related("person")
              .order_by("decision_due_on"),
              lambda r: reverse("admission:detail", args=[r.pk]), lambda r: r.decision_due_on),
    ]
    flags = unfit_holders(user, today, unit=unit)
    result.append(OverdueList(
        "unfit_holders", _("Người đảm nhiệm vị trí trọng yếu chưa có kết luận phù hợp"),
        len(flags), [(f"{f.holding.person.full_name} — {f.holding.position.title}",
                      reverse("people:detail", args=[f.holding.person_id]), None)
                     for f in flags[:SHOWN]], reverse("positions:compliance")))
    return result
