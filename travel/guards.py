"""The one blocking guard of a trip request: what stops a person from going abroad now.

Decided (read from the inspections and vetting apps):
- open discipline: a conclusion about the person that recommends or applies a discipline, on an
  inspection not yet CLOSED (the discipline is still being decided, appealed or remediated);
- open investigation: an inspection of type DAU_HIEU_VI_PHAM with the person as a subject, decided
  (past PLANNED) and not yet CLOSED;
- unconcluded current-political finding: a vetting finding of category CHINH_TRI_HIEN_NAY about
  the person themself (not a relative) on a case not concluded (not CONCLUDED, NEEDS_RECHECK or
  WITHDRAWN).
The check reads every province (a blocking fact elsewhere still blocks) but the reasons name only
the kind of record, never its content.
"""

from django.utils.translation import gettext_lazy as _

from inspections.choices import InspectionType
from inspections.choices import Status as InspectionStatus
from inspections.models import Conclusion, Subject
from vetting.choices import CLOSED_STATES
from vetting.models import Finding

CURRENT_POLITICAL = "CHINH_TRI_HIEN_NAY"


def blocking_reasons(person) -> list[str]:
    """Why ``person`` may not be sent abroad now (Vietnamese sentences); empty if nothing."""
    reasons = []
    open_discipline = Conclusion.objects.filter(subject__person=person).exclude(
        recommended_discipline="", applied_discipline="").exclude(
        subject__inspection__status=InspectionStatus.CLOSED)
    if open_discipline.exists():
        reasons.append(str(_("%(name)s đang trong thời gian xem xét, thi hành kỷ luật đảng "
                             "(cuộc kiểm tra chưa kết thúc).") % {"name": person.full_name}))
    investigation = Subject.objects.filter(
        person=person, inspection__type=InspectionType.DAU_HIEU_VI_PHAM).exclude(
        inspection__status__in=(InspectionStatus.PLANNED, InspectionStatus.CLOSED))
    if investigation.exists():
        reasons.append(str(_("%(name)s là đối tượng của cuộc kiểm tra khi có dấu hiệu vi phạm "
                             "chưa kết thúc.") % {"name": person.full_name}))
    finding = Finding.objects.filter(
        case__subject=person, relative__isnull=True,
        category__code=CURRENT_POLITICAL).exclude(case__status__in=CLOSED_STATES)
    if finding.exists():
        reasons.append(str(_("%(name)s có nội dung về chính trị hiện nay đang được thẩm định, "
                             "chưa có kết luận.") % {"name": person.full_name}))
    return reasons


def trip_blocking_reasons(trip) -> list[str]:
    """The blocking reasons of every traveller of ``trip``."""
    reasons = []
    for member in trip.members.select_related("person"):
        reasons.extend(blocking_reasons(member.person))
    return reasons
