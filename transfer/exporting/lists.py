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
    """The label of a choice field (``get_<name>_display``), looked up once per code and export."""

    def read(row):
        return getattr(row, f"get_{name}_display")()

    read.choice_field = name
    return read


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


def _today():
    from django.utils import timezone

    return timezone.localdate()


def overdue_flag(row_is_overdue):
    """prepare() for lists that flag late rows: sets ``row.overdue`` as the page does."""

    def prepare(request):
        on = _today()

        def mark(row):
            row.overdue = row_is_overdue(row, on)
            return row

        return mark

    return prepare


def _vetting_cases(request):
    from vetting.views import listed_cases

    return listed_cases(request)[1]


def _vetting_form():
    from vetting.forms import FilterForm

    return FilterForm


register(ListExport(
    name="vetting_cases", slug="tham-dinh", title=_("Hồ sơ thẩm định, thẩm tra"),
    select=_vetting_cases, form=_vetting_form(),
    prepare=overdue_flag(lambda case, on: case.is_overdue(on)),
    columns=(
        Column(_("Người được thẩm định"), attr("subject.full_name")),
        Column(_("Mục đích"), attr("purpose.name")),
        Column(_("Đơn vị thụ lý"), attr("org_unit.name")),
        Column(_("Cán bộ thụ lý"), attr("officer")),
        Column(_("Ngày nhận hồ sơ"), attr("opened_on")),
        Column(_("Hạn giải quyết"), attr("due_on")),
        Column(_("Trạng thái"), label("status")),
        Column(_("Quá hạn"), attr("overdue")),
        Column(_("Độ mật"), label("classification")),
    ),
))


def _admission_dossiers(request):
    from admission.views import listed_dossiers

    return listed_dossiers(request)[1]


def _admission_form():
    from admission.forms import FilterForm

    return FilterForm


register(ListExport(
    name="admission_dossiers", slug="ket-nap", title=_("Hồ sơ kết nạp Đảng"),
    select=_admission_dossiers, form=_admission_form(),
    prepare=overdue_flag(lambda dossier, on: dossier.is_clock_overdue(on)),
    columns=(
        Column(_("Quần chúng"), attr("person.full_name")),
        Column(_("Chi bộ"), attr("org_unit.name")),
        Column(_("Trạng thái"), label("status")),
        Column(_("Ngày lập"), attr("opened_on")),
        Column(_("Hạn đang chạy"), lambda d: d.clock_due()),
        Column(_("Quá hạn"), attr("overdue")),
        Column(_("Độ mật"), label("classification")),
    ),
))


def _coordination_prepare(request):
    """The page's per-row flags: overdue, and how many working days late."""
    from coordination.deadlines import working_days_late
    from core.workdays import WorkCalendar

    on, calendar = _today(), WorkCalendar.load()

    def mark(row):
        row.overdue = row.is_overdue(on)
        row.days_late = working_days_late(row.due_on, on, calendar) if row.overdue else 0
        return row

    return mark


def _coordination_subject(row):
    """As on the page: a classified request shows its kind, never its subject line."""
    if row.classification:
        return f"{_('(Yêu cầu có độ mật)')} {row.get_kind_display()}"
    return row.subject


COORDINATION_COLUMNS = (
    Column(_("Chiều"), label("direction")),
    Column(_("Số công văn"), attr("letter_number")),
    Column(_("Trích yếu"), _coordination_subject),
    Column(_("Cơ quan"), attr("counterpart_display")),
    Column(_("Đơn vị giữ sổ"), attr("org_unit.name")),
    Column(_("Ngày gửi, nhận"), attr("opened_on")),
    Column(_("Hạn trả lời"), attr("due_on")),
    Column(_("Trạng thái"), label("status")),
    Column(_("Số ngày làm việc quá hạn"), attr("days_late")),
    Column(_("Độ mật"), label("classification")),
)


def _coordination_requests(request):
    from coordination.views import listed_requests

    return listed_requests(request)[1]


def _overdue_requests(request):
    from coordination.views import overdue_requests

    return overdue_requests(request)


def _coordination_form():
    from coordination.forms import FilterForm

    return FilterForm


register(ListExport(
    name="coordination_requests", slug="phoi-hop", title=_("Sổ phối hợp giữa các cơ quan"),
    select=_coordination_requests, form=_coordination_form(), prepare=_coordination_prepare,
    columns=COORDINATION_COLUMNS,
))
register(ListExport(
    name="coordination_overdue", slug="phoi-hop-qua-han",
    title=_("Yêu cầu quá hạn chưa được trả lời đầy đủ"),
    select=_overdue_requests, prepare=_coordination_prepare, columns=COORDINATION_COLUMNS,
))


# --- documents ------------------------------------------------------------------------------


def _documents(request):
    from documents.views import listed_documents

    return listed_documents(request)[0]


register(ListExport(
    name="documents", slug="van-ban", title=_("Văn bản"), select=_documents,
    filter_labels={"type": _("Loại văn bản"), "direction": _("Loại sổ"),
                   "q": _("Trích yếu")},
    columns=(
        Column(_("Số, ký hiệu"), attr("number_display")),
        Column(_("Ngày"), attr("issued_on")),
        Column(_("Trích yếu"), attr("subject")),
        Column(_("Loại văn bản"), attr("doc_type.name")),
        Column(_("Loại sổ"), label("direction")),
        Column(_("Đơn vị"), attr("org_unit.name")),
        Column(_("Người ký"), attr("signer")),
        Column(_("Số bản"), attr("copies")),
        Column(_("Độ khẩn"), label("urgency")),
        Column(_("Độ mật"), label("classification")),
        Column(_("Thời hạn bảo vệ bí mật"), attr("protect_until")),
    ),
))


# --- inspections ----------------------------------------------------------------------------


def _inspections(request):
    from inspections.views import listed_inspections

    return listed_inspections(request)[0]


def _programmes(request):
    from inspections.views import listed_programmes

    return listed_programmes(request)


def _remediation(request):
    from inspections.views import overdue_remediation

    return overdue_remediation(request)


register(ListExport(
    name="inspections", slug="kiem-tra", title=_("Kiểm tra, giám sát"), select=_inspections,
    filter_labels={"kind": _("Kiểm tra / giám sát"), "type": _("Loại")},
    columns=(
        Column(_("Nội dung"), attr("title")),
        Column(_("Kiểm tra / giám sát"), label("kind")),
        Column(_("Loại"), label("type")),
        Column(_("Cơ quan kiểm tra"), attr("org_unit.name")),
        Column(_("Năm"), attr("programme.year")),
        Column(_("Thời kỳ kiểm tra từ"), attr("look_back_from")),
        Column(_("Thời kỳ kiểm tra đến"), attr("look_back_to")),
        Column(_("Hạn kết thúc"), attr("deadline")),
        Column(_("Ngày kết luận"), attr("concluded_on")),
        Column(_("Trạng thái"), label("status")),
        Column(_("Độ mật"), label("classification")),
    ),
))
register(ListExport(
    name="programmes", slug="chuong-trinh-kiem-tra",
    title=_("Chương trình kiểm tra, giám sát"), select=_programmes,
    columns=(
        Column(_("Năm"), attr("year")),
        Column(_("Trích yếu"), attr("title")),
        Column(_("Số"), attr("number")),
        Column(_("Ngày ban hành"), attr("issued_on")),
        Column(_("Cơ quan ban hành"), attr("org_unit.name")),
    ),
))
register(ListExport(
    name="remediation_overdue", slug="khac-phuc-qua-han", title=_("Khắc phục quá hạn"),
    select=_remediation,
    columns=(
        Column(_("Nội dung khắc phục"), attr("content")),
        Column(_("Thực hiện"), lambda i: i.owner_unit.name if i.owner_unit else i.owner_text),
        Column(_("Hạn"), attr("deadline")),
        Column(_("Cuộc kiểm tra"), attr("inspection.title")),
    ),
))


# --- key positions ----------------------------------------------------------------------------


def _catalogues(request):
    from positions.views import listed_catalogues

    return listed_catalogues(request)[1]


def _unfit_holders(request):
    from positions.views import compliance_rows

    return compliance_rows(request)[2]


def _vacant_positions(request):
    from positions.views import compliance_rows

    return compliance_rows(request)[3].select_related("catalogue__org_unit")


def _compliance_form():
    from positions.forms import ComplianceFilterForm

    return ComplianceFilterForm


register(ListExport(
    name="position_catalogues", slug="danh-muc-vi-tri",
    title=_("Danh mục vị trí trọng yếu, cơ mật"), select=_catalogues,
    columns=(
        Column(_("Đơn vị"), attr("org_unit.name")),
        Column(_("Số quyết định"), attr("decision_number")),
        Column(_("Ngày quyết định"), attr("decided_on")),
        Column(_("Hiệu lực từ"), attr("valid_from")),
        Column(_("Hiệu lực đến"), attr("valid_to")),
        Column(_("Độ mật"), label("classification")),
    ),
))
register(ListExport(
    name="position_unfit_holders", slug="doi-chieu-nguoi-dam-nhiem",
    title=_("Người đảm nhiệm chưa có kết luận phù hợp"), select=_unfit_holders,
    form=_compliance_form(),
    columns=(
        Column(_("Người đảm nhiệm"), attr("holding.person.full_name")),
        Column(_("Vị trí"), attr("holding.position.title")),
        Column(_("Cấp độ"), lambda f: f.holding.position.get_level_display()),
        Column(_("Đơn vị"), attr("holding.position.catalogue.org_unit.name")),
        Column(_("Từ ngày"), attr("holding.started_on")),
        Column(_("Cảnh báo"), attr("message")),
        Column(_("Bố trí ngoại lệ"), lambda f: f"{f.holding.override_reason} — "
               f"{f.holding.override_by}" if f.holding.override_by else None),
    ),
))
register(ListExport(
    name="position_vacancies", slug="doi-chieu-vi-tri-trong",
    title=_("Vị trí chưa có người đảm nhiệm"), select=_vacant_positions,
    form=_compliance_form(),
    columns=(
        Column(_("Vị trí"), attr("title")),
        Column(_("Cấp độ"), label("level")),
        Column(_("Bộ phận"), attr("department")),
        Column(_("Đơn vị"), attr("catalogue.org_unit.name")),
    ),
))


# --- travel ---------------------------------------------------------------------------------


def _trips(request):
    from travel.views import listed_trips

    return listed_trips(request)[1]


def _trip_flags(request):
    on = _today()

    def mark(trip):
        trip.flag_text = "; ".join(trip.flags(on))
        return trip

    return mark


def _trip_form():
    from travel.forms import FilterForm

    return FilterForm


def _leader(trip):
    leader = trip.leader()
    return leader.person.full_name if leader else None


register(ListExport(
    name="trips", slug="di-nuoc-ngoai", title=_("Đi nước ngoài"), select=_trips,
    form=_trip_form(), prepare=_trip_flags,
    columns=(
        Column(_("Chuyến đi"), attr("title")),
        Column(_("Trưởng đoàn"), _leader),
        Column(_("Số người"), lambda t: len(t.members.all())),
        Column(_("Mục đích"), label("purpose")),
        Column(_("Đơn vị"), attr("org_unit.name")),
        Column(_("Dự kiến đi"), attr("planned_departure_on")),
        Column(_("Dự kiến về"), attr("planned_return_on")),
        Column(_("Ngày về thực tế"), attr("actual_return_on")),
        Column(_("Trạng thái"), label("status")),
        Column(_("Cảnh báo"), attr("flag_text")),
        Column(_("Độ mật"), label("classification")),
    ),
))


def _record_value(name):
    """A travel record's field as the page shows it, dates kept as dates."""

    def read(record):
        field = record._meta.get_field(name)
        value = getattr(record, name)
        if getattr(field, "choices", None):
            return getattr(record, f"get_{name}_display")()
        if hasattr(value, "full_name"):
            return value.full_name
        if field.is_relation and value is not None:
            return getattr(value, "name", str(value))
        return value

    return read


def _travel_records(kind: str, name: str, slug: str):
    from travel.views import RECORDS, listed_records

    spec = RECORDS[kind]
    model = spec["model"]
    columns = tuple(Column(model._meta.get_field(n).verbose_name.capitalize(), _record_value(n))
                    for n in spec["columns"])
    register(ListExport(
        name=name, slug=slug, title=spec["title"],
        select=lambda request: listed_records(request, kind),
        columns=(*columns, Column(_("Độ mật"), label("classification"))),
    ))


_travel_records("visit", "incoming_visits", "doan-vao")
_travel_records("contact", "contact_reports", "lam-viec-voi-nuoc-ngoai")
_travel_records("element", "foreign_elements", "yeu-to-nuoc-ngoai")


# --- organisation units ----------------------------------------------------------------------


def _units(request):
    from orgs.views import listed_units

    return listed_units(request)


register(ListExport(
    name="org_units", slug="to-chuc", title=_("Tổ chức đảng"), select=_units,
    columns=(
        Column(_("Mã"), attr("code")),
        Column(_("Tên"), attr("name")),
        Column(_("Loại"), label("kind")),
        Column(_("Trực thuộc"), attr("parent.name")),
        Column(_("Hiệu lực từ"), attr("valid_from")),
        Column(_("Hiệu lực đến"), attr("valid_to")),
    ),
))


# --- audit log (auditors and administrators) ---------------------------------------------------


def _events(request):
    from audit.views import LIST_FIELDS, listed_events

    return listed_events(request)[1].only(*LIST_FIELDS)


def _event_masks(request):
    from audit.forms import target_type_choices

    clearance, labels = request.user.clearance, dict(target_type_choices())

    def mark(event):
        # As on the page: above the reader's clearance, the record is named by its id only.
        event.masked = event.classification > clearance
        event.target_label = labels.get(event.target_type, event.target_type)
        return event

    return mark


def _audit_form():
    from audit.forms import AuditFilterForm

    return AuditFilterForm


def _audit_roles():
    from accounts.choices import Role

    return frozenset({Role.AUDITOR, Role.ADMIN})


register(ListExport(
    name="audit_events", slug="nhat-ky", title=_("Nhật ký truy cập, thay đổi"),
    select=_events, form=_audit_form(), prepare=_event_masks, roles=_audit_roles(),
    columns=(
        Column("#", attr("id")),
        Column(_("Thời điểm"), attr("at")),
        Column(_("Người thực hiện"), attr("actor_name")),
        Column(_("Hành động"), label("action")),
        Column(_("Loại đối tượng"), attr("target_label")),
        Column(_("Đối tượng"), lambda e: f"#{e.target_id}" if e.masked else e.target_repr),
        Column(_("Lý do"), attr("reason")),
        Column(_("Địa chỉ"), attr("ip")),
    ),
))
