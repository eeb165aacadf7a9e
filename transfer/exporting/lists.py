"""The exportable lists of hoso: for each list page, its columns and its row selection.

Rows come from the page's own selection function (in the app's views), so a file and the page
agree row for row. Columns show what the page shows, in Vietnamese; CCCD is masked as on pages.
"""

import datetime as dt
from operator import attrgetter

from django.utils.translation import gettext_lazy as _

from core.cccd import mask_cccd
from transfer.exporting.registry import Column, ListExport, register


def attr(path: str):
    """Read a dotted attribute, None when a link on the way is empty."""
    getter = attrgetter(path)

    def read(row):
        try:
            return getter(row)
        except AttributeError:
            return None

    return read


def label(name: str):
    """The label of a choice field (``get_<name>_display``)."""
    return lambda row: getattr(row, f"get_{name}_display")()


def _birth(person):
    """A full date of birth as a date cell; a partial one as its dd/mm/yyyy text with dots."""
    if person.birth_day and person.birth_month and person.birth_year:
        try:
            return dt.date(person.birth_year, person.birth_month, person.birth_day)
        except ValueError:
            pass
    return person.birth_display


def _people(request):
    from people.views import listed_people

    return listed_people(request)


register(ListExport(
    name="people", slug="nhan-su", title=_("Cán bộ, đảng viên"), select=_people,
    columns=(
        Column(_("Họ và tên"), attr("full_name")),
        Column(_("Ngày sinh"), _birth),
        Column(_("Giới tính"), label("sex")),
        Column(_("Số CCCD (che bớt)"), lambda p: mask_cccd(p.cccd)),
        Column(_("Đơn vị"), attr("org_unit.name")),
        Column(_("Chức vụ"), attr("post")),
        Column(_("Tình trạng đảng viên"), label("party_status")),
        Column(_("Ngày vào Đảng"), attr("party_admitted_on")),
        Column(_("Ngày chính thức"), attr("party_official_on")),
        Column(_("Độ mật"), label("classification")),
    ),
))
