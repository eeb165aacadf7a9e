"""Party admission counts (thẩm tra lý lịch người vào Đảng): dossiers whose verification was
sent in the period; their verification letters (the coordination ledger narrowed to admission
dossiers: sent in the period, answered on time, answered late, waiting past due at the period's
end); admission decisions and full-member recognitions dated in the period. The "as of" rule is
in reports.counts.base.
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reports.counts import coordination
from reports.counts.base import CountDef

PATH = "org_unit__path"


def _dossiers(scope, day_field):
    from admission.models import AdmissionDossier

    return AdmissionDossier.objects.visible_to(scope.user).filter(
        scope.created_by(), scope.in_period(day_field))


LETTERS = Q(admission_dossier__isnull=False)  # the ledger's verification letters of dossiers


def _letters(scope):
    from coordination.choices import Direction

    return coordination.requests(scope, Direction.SENT, LETTERS)


def counts() -> list[CountDef]:
    dossier, letter = "admission.dossier", "coordination.request"
    return [
        CountDef("admission.verifications", _("Hồ sơ đã gửi thẩm tra lý lịch"),
                 lambda s: _dossiers(s, "verification_sent_on"), PATH, detail=dossier),
        CountDef("admission.letters_sent", _("Công văn thẩm tra đã gửi"), _letters, PATH,
                 detail=letter),
        CountDef("admission.letters_on_time", _("Công văn được trả lời đúng hạn"),
                 lambda s: coordination.on_time(s, _letters(s)), PATH, detail=letter),
        CountDef("admission.letters_late", _("Công văn được trả lời muộn"),
                 lambda s: coordination.late(s, _letters(s)), PATH, detail=letter),
        CountDef("admission.letters_overdue", _("Công văn quá hạn chưa được trả lời"),
                 lambda s: coordination.overdue(s, _letters(s)), PATH, detail=letter),
        CountDef("admission.decided", _("Quyết định kết nạp"),
                 lambda s: _dossiers(s, "decided_on"), PATH, detail=dossier),
        CountDef("admission.full_members", _("Công nhận đảng viên chính thức"),
                 lambda s: _dossiers(s, "full_member_on"), PATH, detail=dossier),
    ]
