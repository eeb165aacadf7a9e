"""Org units (tổ chức đảng): code, name, kind, parent (by code, name or name path).

Only system administrators import units (creating units changes everyone's scopes). A parent
may be a unit created by an earlier row of the same file. A code already in use is UNCHANGED
when it says the same, else REJECTED (units are renamed or moved on their own page, where
merges and predecessors are recorded).
"""

import datetime as dt

from django.utils.translation import gettext as _

from accounts.choices import Role
from core.textfold import fold
from orgs.choices import OrgKind
from orgs.models import OrgUnit
from orgs.services import do_create_unit
from transfer.importing.base import Column, Importer, RowResult, choice_map
from transfer.importing.values import CellError, parse_choice, parse_date, text
from transfer.models import ImportKind, Verdict

KINDS = {**choice_map(OrgKind), "chi bo": OrgKind.CHI_BO, "dang uy xa": OrgKind.XA_PHUONG,
         "dang uy phuong": OrgKind.XA_PHUONG, "tinh uy": OrgKind.TINH_THANH,
         "thanh uy": OrgKind.TINH_THANH, "dang bo co so": OrgKind.CO_SO}


class UnitImporter(Importer):
    kind = ImportKind.UNITS

    def __init__(self, actor):
        super().__init__(actor)
        self.columns = [
            Column("code", _("Mã đơn vị"), ("Mã", "Mã tổ chức đảng", "Mã số"), required=True),
            Column("name", _("Tên đơn vị"), ("Tên", "Tên tổ chức đảng", "Tổ chức đảng"),
                   required=True),
            Column("kind", _("Loại"), ("Loại tổ chức", "Cấp", "Loại đơn vị"), required=True),
            Column("parent", _("Trực thuộc"), ("Đơn vị cấp trên", "Cấp trên", "Mã cấp trên",
                                               "Thuộc"), required=True),
            Column("valid_from", _("Hiệu lực từ"), ("Ngày thành lập", "Từ ngày")),
        ]
        self.file_codes: set[str] = set()  # folded codes of the rows read so far
        self.new_codes: dict[str, int] = {}  # folded code → row number, rows to create

    def parse_code(self, value) -> str:
        code = text(value)
        if len(code) > 32 or not fold(code):
            raise CellError(_("Mã đơn vị phải có từ 1 đến 32 ký tự."))
        return code

    def read(self, number, cells) -> RowResult:
        result = super().read(number, cells)
        if result.data.get("code"):
            self.file_codes.add(fold(result.data["code"]))
        return result

    def parse_name(self, value) -> str:
        name = text(value)
        if len(name) > 255:
            raise CellError(_("Tên dài quá 255 ký tự."))
        return name

    def parse_kind(self, value) -> str:
        return parse_choice(value, KINDS, _("Loại"))

    def parse_parent(self, value):
        key = fold(text(value))
        try:
            return self.units.resolve(value)
        except CellError:
            if key in self.file_codes:
                return {"new": key}  # a unit an earlier row of the file creates
            raise

    def parse_valid_from(self, value) -> str:
        return parse_date(value).isoformat()

    def match(self, result: RowResult) -> None:
        data = result.data
        if self.actor.role != Role.ADMIN:
            result.reject("", _("Chỉ quản trị hệ thống được nhập tổ chức đảng."))
            return
        code = fold(data["code"])
        parent = data["parent"]
        if isinstance(parent, dict) and parent["new"] not in self.new_codes:
            result.reject(_("Trực thuộc"), _("Đơn vị cấp trên phải là đơn vị đã có, hoặc được "
                                            "thêm ở một dòng phía trên của tệp."))
            return
        if self.duplicate_in_file(result, ("code", code), _("Mã đơn vị")):
            return
        existing = OrgUnit.objects.filter(code__iexact=data["code"]).first()
        if existing is None:
            self.new_codes[code] = result.number
            result.verdict = Verdict.CREATE
            return
        if not OrgUnit.objects.visible_to(self.actor).filter(pk=existing.pk).exists():
            result.reject(_("Mã đơn vị"), _("Mã này đã dùng cho một đơn vị ngoài phạm vi của bạn."))
            return
        result.target_id = existing.pk
        same = (fold(existing.name) == fold(data["name"]) and existing.kind == data["kind"]
                and existing.parent_id == data["parent"])
        if same:
            result.verdict = Verdict.UNCHANGED
            result.reasons.append(["", _("Đã có đơn vị mã này, cùng tên, loại và cấp trên.")])
        else:
            result.reject(_("Mã đơn vị"), _("Đã có đơn vị mã này với tên, loại hoặc cấp trên khác: "
                                           "đổi tên, chuyển hay sáp nhập đơn vị làm ở trang đơn "
                                           "vị."))

    def apply(self, row, data: dict, reason: str) -> str:
        parent = data["parent"]
        if isinstance(parent, dict):  # created by an earlier row of this file
            parent = OrgUnit.objects.get(code__iexact=self._code_of(row, parent["new"]))
        else:
            parent = OrgUnit.objects.visible_to(self.actor).get(pk=parent)
        do_create_unit(actor=self.actor, code=data["code"], name=data["name"], kind=data["kind"],
                       parent=parent, reason=reason, valid_from=dt.date.fromisoformat(
                           data["valid_from"]) if data.get("valid_from") else None)
        return "CREATED"

    def _code_of(self, row, folded: str) -> str:
        for other in row.batch.rows.filter(verdict=Verdict.CREATE, number__lt=row.number):
            if fold(other.data.get("code", "")) == folded:
                return other.data["code"]
        raise OrgUnit.DoesNotExist
