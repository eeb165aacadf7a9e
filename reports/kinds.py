"""The three report kinds: each sets the title, the subject line, the default period and the
default template file (``reports/doc_templates/<template>``; an administrator may replace it)."""

from dataclasses import dataclass
from datetime import date

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class ReportKind(models.TextChoices):
    NAM = "NAM", gettext_lazy("Báo cáo năm")
    SO_KET = "SO_KET", gettext_lazy("Báo cáo sơ kết")
    TONG_KET = "TONG_KET", gettext_lazy("Báo cáo tổng kết")


@dataclass(frozen=True)
class KindSpec:
    years: int  # the default period: this many calendar years, ending with the current one
    template: str  # base name of the template files (.docx, .html)


SPECS = {
    ReportKind.NAM: KindSpec(years=1, template="bao_cao_nam"),
    ReportKind.SO_KET: KindSpec(years=5, template="so_ket"),
    ReportKind.TONG_KET: KindSpec(years=10, template="tong_ket"),
}


def default_period(kind: str, today: date) -> tuple[date, date]:
    """The period a kind covers by default: whole calendar years up to the end of this year."""
    years = SPECS[ReportKind(kind)].years
    return date(today.year - years + 1, 1, 1), date(today.year, 12, 31)


def subject(kind: str, date_from: date, date_to: date) -> str:
    """The subject line under the type name ("Kết quả công tác … năm 2025")."""
    years = f"{date_from.year}" if date_from.year == date_to.year else (
        f"{date_from.year} – {date_to.year}")
    if kind == ReportKind.SO_KET:
        return _("Sơ kết công tác bảo vệ chính trị nội bộ giai đoạn %(years)s") % {"years": years}
    if kind == ReportKind.TONG_KET:
        return _("Tổng kết công tác bảo vệ chính trị nội bộ giai đoạn %(years)s") % {
            "years": years}
    return _("Kết quả công tác bảo vệ chính trị nội bộ năm %(years)s") % {"years": years}


def template_name(kind: str) -> str:
    return SPECS[ReportKind(kind)].template
