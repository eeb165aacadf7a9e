"""Inspections and supervisions (kiểm tra, giám sát) planned in a year: one row = one planned
inspection of the inspecting body's yearly programme (created when the body has none that
year), with its subject unit when given. The workflow (decision, team, …) continues on its page.

The same body, year, kind and content (folded) again is UNCHANGED.
"""

import datetime as dt

from django.utils.translation import gettext as _

from core.textfold import fold
from inspections.choices import TYPES_BY_KIND, InspectionType, Kind
from inspections.models import Inspection, Programme
from inspections.services import do_add_subject, do_create_inspection, do_create_programme
from orgs.models import OrgUnit
from transfer.importing.base import Column, Importer, RowResult, choice_map
from transfer.importing.values import CellError, parse_choice, parse_date, parse_int, text
from transfer.models import ImportKind, Verdict

KINDS = choice_map(Kind)
TYPES = {**choice_map(InspectionType), "dau hieu vi pham": InspectionType.DAU_HIEU_VI_PHAM}
LOOK_BACK_YEARS = 5


class InspectionImporter(Importer):
    kind = ImportKind.INSPECTIONS

    def __init__(self, actor):
        super().__init__(actor)
        self.columns = [
            Column("year", _("Năm"), ("Năm kế hoạch",), required=True),
            Column("org_unit", _("Cơ quan kiểm tra"), ("Đơn vị", "Cấp ủy, ủy ban kiểm tra",
                                                       "Đơn vị thực hiện"), required=True),
            Column("kind", _("Kiểm tra / giám sát"), ("Hình thức", "Kiểm tra/giám sát"),
                   required=True),
            Column("type", _("Loại"), ("Loại kiểm tra", "Loại giám sát"), required=True),
            Column("title", _("Nội dung"), ("Nội dung kiểm tra", "Nội dung giám sát"),
                   required=True),
            Column("look_back_from", _("Thời kỳ từ"), ("Thời kỳ kiểm tra từ",), required=True),
            Column("look_back_to", _("Thời kỳ đến"), ("Thời kỳ kiểm tra đến",), required=True),
            Column("planned_month", _("Tháng dự kiến"), ("Tháng",)),
            Column("subject_unit", _("Tổ chức đảng được kiểm tra"), ("Đối tượng",
                                                                     "Đơn vị được kiểm tra")),
        ]

    def parse_year(self, value) -> int:
        year = parse_int(value, _("Năm"))
        if not 2000 <= year <= 2100:
            raise CellError(_("Năm %(year)s không hợp lệ.") % {"year": year})
        return year

    def parse_org_unit(self, value) -> int:
        return self.units.resolve(value)

    def parse_subject_unit(self, value) -> int:
        return self.units.resolve(value)

    def parse_kind(self, value) -> str:
        return parse_choice(value, KINDS, _("Kiểm tra / giám sát"))

    def parse_type(self, value) -> str:
        return parse_choice(value, TYPES, _("Loại"))

    def parse_title(self, value) -> str:
        result = text(value)
        if len(result) > 255:
            raise CellError(_("Dài quá 255 ký tự."))
        return result

    def parse_look_back_from(self, value) -> str:
        return parse_date(value).isoformat()

    def parse_look_back_to(self, value) -> str:
        return parse_date(value).isoformat()

    def parse_planned_month(self, value) -> int:
        month = parse_int(value, _("Tháng dự kiến"))
        if not 1 <= month <= 12:
            raise CellError(_("Tháng phải từ 1 đến 12."))
        return month

    def match(self, result: RowResult) -> None:
        data = result.data
        if data["type"] not in TYPES_BY_KIND[data["kind"]]:
            result.reject(_("Loại"), _("Giám sát không có loại “khi có dấu hiệu vi phạm”."))
            return
        start = dt.date.fromisoformat(data["look_back_from"])
        end = dt.date.fromisoformat(data["look_back_to"])
        if end < start:
            result.reject(_("Thời kỳ đến"), _("Thời kỳ kiểm tra kết thúc trước khi bắt đầu."))
            return
        if (end - start).days > LOOK_BACK_YEARS * 366:
            result.reject(_("Thời kỳ từ"), _("Thời kỳ kiểm tra dài quá 5 năm."))
            return
        key = (data["org_unit"], data["year"], data["kind"], fold(data["title"]))
        if self.duplicate_in_file(result, key, _("Nội dung")):
            return
        existing = Inspection.objects.visible_to(self.actor).filter(
            programme__org_unit_id=data["org_unit"], programme__year=data["year"],
            kind=data["kind"])
        found = next((i for i in existing if fold(i.title) == key[3]), None)
        if found is not None:
            result.target_id = found.pk
            result.verdict = Verdict.UNCHANGED
            result.reasons.append(["", _("Đã có cuộc này trong chương trình năm %(year)s.")
                                   % {"year": data["year"]}])
            return
        result.verdict = Verdict.CREATE
        has_programme = Programme.objects.visible_to(self.actor).filter(
            org_unit_id=data["org_unit"], year=data["year"]).exists()
        result.reasons.append(["", _("Thêm vào chương trình năm %(year)s.") % {"year": data["year"]}
                               if has_programme else _("Tạo chương trình năm %(year)s và thêm "
                                                       "cuộc này.") % {"year": data["year"]}])

    def apply(self, row, data: dict, reason: str) -> str:
        unit = OrgUnit.objects.visible_to(self.actor).get(pk=data["org_unit"])
        programme = Programme.objects.visible_to(self.actor).filter(
            org_unit=unit, year=data["year"]).order_by("pk").first()
        if programme is None:
            programme = do_create_programme(actor=self.actor, data={
                "year": data["year"], "org_unit": unit,
                "title": _("Chương trình kiểm tra, giám sát năm %(year)s") % {"year": data["year"]}})
        inspection = do_create_inspection(actor=self.actor, programme=programme, data={
            "kind": data["kind"], "type": data["type"], "title": data["title"],
            "look_back_from": dt.date.fromisoformat(data["look_back_from"]),
            "look_back_to": dt.date.fromisoformat(data["look_back_to"]),
            "planned_month": data.get("planned_month")})
        if data.get("subject_unit"):
            do_add_subject(actor=self.actor, inspection=inspection, data={
                "org_unit": OrgUnit.objects.visible_to(self.actor).get(pk=data["subject_unit"])})
        return "CREATED"
