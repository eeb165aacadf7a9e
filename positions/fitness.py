"""Does a person hold a valid conclusion fit for a position? The ONE place that answers.

The answer is a flag for a named person, never a decision: an unfit holder may still be assigned,
with an explicit override and its reason (positions.services.do_assign_holder).

Rules (on day ``on``), reading the person's latest decided conclusion (not withdrawn):
- none → NONE; re-check date passed, or its case marked "cần xem xét lại" → EXPIRED;
- KHONG_CO_VAN_DE / DU_TIEU_CHUAN → FIT; KHONG_DU_TIEU_CHUAN → ADVERSE;
- DU_CO_GIOI_HAN → FIT only if a CeilingRule in force (data) whose phrase occurs in the
  ceiling text covers the position's level, else CEILING_BELOW.
"""

from django.utils.translation import gettext as _

from core.textfold import fold
from positions.choices import Fitness
from positions.models import CeilingRule
from vetting.choices import Outcome, Status

FIT_OUTCOMES = frozenset({Outcome.KHONG_CO_VAN_DE, Outcome.DU_TIEU_CHUAN})
_NOT_LOADED = object()


def latest_conclusions(person_ids, on_date) -> dict:
    """{person id: latest decided conclusion on ``on_date``} for many people in one query."""
    from vetting.models import Conclusion

    rows = (Conclusion.objects.filter(case__subject_id__in=list(person_ids), withdrawn=False,
                                      decided_on__isnull=False, decided_on__lte=on_date)
            .select_related("case").order_by("case__subject_id", "-decided_on", "-id"))
    latest = {}
    for row in rows:
        latest.setdefault(row.case.subject_id, row)
    return latest


def covered_levels(ceiling: str, on_date) -> set:
    """Levels a limited conclusion's ceiling text covers, by the ceiling rules in force."""
    text = f" {fold(ceiling)} "
    return {rule.level for rule in CeilingRule.objects.in_force(on_date)
            if f" {fold(rule.phrase)} " in text}


def conclusion_fit_for(person, position, on_date, conclusion=_NOT_LOADED) -> tuple:
    """(ok, reason_code, Vietnamese message) for ``person`` in ``position`` on ``on_date``.

    ``conclusion`` may be passed preloaded (latest_conclusions) to check many holders at once.
    """
    if conclusion is _NOT_LOADED:
        conclusion = latest_conclusions([person.pk], on_date).get(person.pk)
    if conclusion is None:
        return False, Fitness.NONE, _("Chưa có kết luận thẩm định nào đã được quyết định.")
    decided = conclusion.decided_on.strftime("%d/%m/%Y")
    if conclusion.case.status == Status.NEEDS_RECHECK or (
            conclusion.recheck_on is not None and conclusion.recheck_on < on_date):
        return False, Fitness.EXPIRED, _(
            "Kết luận ngày %(decided)s đã quá hạn xem xét lại.") % {"decided": decided}
    if conclusion.outcome in FIT_OUTCOMES:
        return True, Fitness.FIT, _("Kết luận ngày %(decided)s: %(outcome)s.") % {
            "decided": decided, "outcome": conclusion.get_outcome_display()}
    if conclusion.outcome == Outcome.DU_CO_GIOI_HAN:
        if position.level in covered_levels(conclusion.ceiling, on_date):
            return True, Fitness.FIT, _(
                "Kết luận ngày %(decided)s đủ tiêu chuẩn có giới hạn (%(ceiling)s), "
                "bao gồm vị trí này.") % {"decided": decided, "ceiling": conclusion.ceiling}
        return False, Fitness.CEILING_BELOW, _(
            "Kết luận ngày %(decided)s chỉ đủ tiêu chuẩn có giới hạn (%(ceiling)s), "
            "không bao gồm vị trí cấp độ %(level)s.") % {
            "decided": decided, "ceiling": conclusion.ceiling or "—",
            "level": position.get_level_display()}
    return False, Fitness.ADVERSE, _(
        "Kết luận ngày %(decided)s: %(outcome)s.") % {
        "decided": decided, "outcome": conclusion.get_outcome_display()}
