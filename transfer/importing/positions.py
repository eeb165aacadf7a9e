"""Key / secret positions (vị trí trọng yếu, cơ mật): lines of a unit's catalogue in force, and
optionally who holds them (by CCCD, from a date).

A catalogue itself is a decision (number, date): it is created on the positions page; the file
adds its lines and holders. A holder without a fitting conclusion is refused at apply (the
positions page records a reasoned override).
"""

import datetime as dt

from django.utils.translation import gettext as _

from core.cccd import blind_index
from core.textfold import fold
from people.models import Person
from positions.choices import Level
from positions.models import Catalogue, Holding, Position
from positions.services import OverrideRequired, do_add_position, do_assign_holder
from transfer.importing.base import Column, Importer, RowResult, choice_map
from transfer.importing.values import CellError, parse_cccd, parse_choice, parse_date, text
from transfer.models import ImportKind, Verdict

LEVELS = {**choice_map(Level), "trong yeu": Level.TRONG_YEU, "co mat": Level.CO_MAT}


class PositionImporter(Importer):
    kind = ImportKind.POSITIONS

    def __init__(self, actor):
        super().__init__(actor)
        self.columns = [
            Column("org_unit", _("Đơn vị"), ("Cơ quan, đơn vị", "Mã đơn vị", "Tổ chức đảng"),
                   required=True),
            Column("department", _("Bộ phận"), ("Phòng, ban", "Bộ phận công tác"), required=True),
            Column("title", _("Chức danh, vị trí"), ("Vị trí", "Chức danh", "Vị trí công tác"),
                   required=True),
            Column("level", _("Cấp độ"), ("Mức độ", "Trọng yếu/Cơ mật", "Loại vị trí"),
                   required=True),
            Column("holder_cccd", _("CCCD người đảm nhiệm"), ("Số CCCD người đảm nhiệm",
                                                              "Số CCCD", "CCCD"), sensitive=True),
            Column("started_on", _("Đảm nhiệm từ ngày"), ("Từ ngày", "Ngày bắt đầu")),
        ]

    def parse_org_unit(self, value) -> int:
        return self.units.resolve(value)

    def parse_department(self, value) -> str:
        return self._short(value)

    def parse_title(self, value) -> str:
        return self._short(value)

    def _short(self, value) -> str:
        result = text(value)
        if len(result) > 255:
            raise CellError(_("Dài quá 255 ký tự."))
        return result

    def parse_level(self, value) -> str:
        return parse_choice(value, LEVELS, _("Cấp độ"))

    def parse_holder_cccd(self, value) -> str:
        return parse_cccd(value)

    def parse_started_on(self, value) -> str:
        return parse_date(value).isoformat()

    def match(self, result: RowResult) -> None:
        data = result.data
        if data.get("holder_cccd") and not data.get("started_on"):
            result.reject(_("Đảm nhiệm từ ngày"), _("Cần ngày bắt đầu đảm nhiệm khi có người."))
            return
        key = (data["org_unit"], fold(data["department"]), fold(data["title"]),
               data.get("holder_cccd", ""))
        if self.duplicate_in_file(result, key, _("Chức danh, vị trí")):
            return
        catalogue = (Catalogue.objects.visible_to(self.actor)
                     .filter(org_unit_id=data["org_unit"], valid_to__isnull=True)
                     .order_by("-valid_from").first())
        if catalogue is None:
            result.reject(_("Đơn vị"), _("Đơn vị chưa có danh mục vị trí trọng yếu, cơ mật đang "
                                        "hiệu lực (hoặc ở độ mật cao hơn của bạn): hãy nhập quyết "
                                        "định danh mục trước ở trang Vị trí trọng yếu."))
            return
        position = next((p for p in catalogue.positions.all()
                         if fold(p.department) == key[1] and fold(p.title) == key[2]), None)
        if position is not None and position.level != data["level"]:
            result.reject(_("Cấp độ"), _("Vị trí đã có trong danh mục với cấp độ khác: đổi cấp độ "
                                        "cần quyết định danh mục mới."))
            return
        result.target_id = position.pk if position else None
        holding_new = False
        if data.get("holder_cccd"):
            person = Person.objects.visible_to(self.actor).filter(
                cccd_index=blind_index(data["holder_cccd"])).first()
            if person is None:
                result.reject(_("CCCD người đảm nhiệm"), _(
                    "Không có người mang số CCCD này trong phạm vi của bạn: hãy nhập người trước."))
                return
            started = dt.date.fromisoformat(data["started_on"])
            holding_new = position is None or not Holding.objects.filter(
                position=position, person=person).active_on(started).exists()
            if not catalogue.in_force_on(started):
                result.reject(_("Đảm nhiệm từ ngày"), _("Ngày bắt đầu phải nằm trong thời gian "
                                                       "hiệu lực của danh mục."))
                return
        if position is None:
            result.verdict = Verdict.CREATE
            result.reasons.append(["", _("Thêm vị trí vào danh mục số %(n)s.")
                                   % {"n": catalogue.decision_number}])
        elif holding_new:
            result.verdict = Verdict.UPDATE
            result.reasons.append(["", _("Vị trí đã có; thêm người đảm nhiệm.")])
        else:
            result.verdict = Verdict.UNCHANGED
            result.reasons.append(["", _("Vị trí (và người đảm nhiệm) đã có trong danh mục.")])

    def apply(self, row, data: dict, reason: str) -> str:
        catalogue = (Catalogue.objects.visible_to(self.actor)
                     .filter(org_unit_id=data["org_unit"], valid_to__isnull=True)
                     .order_by("-valid_from").first())
        if catalogue is None:
            raise ValueError(_("đơn vị không còn danh mục đang hiệu lực"))
        position = next((p for p in Position.objects.filter(catalogue=catalogue)
                         if fold(p.department) == fold(data["department"])
                         and fold(p.title) == fold(data["title"])), None)
        outcome = "UNCHANGED"
        if position is None:
            position = do_add_position(actor=self.actor, catalogue=catalogue, data={
                "department": data["department"], "title": data["title"],
                "level": data["level"]})
            outcome = "CREATED"
        if data.get("holder_cccd"):
            person = Person.objects.visible_to(self.actor).get(
                cccd_index=blind_index(data["holder_cccd"]))
            started = dt.date.fromisoformat(data["started_on"])
            if not Holding.objects.filter(position=position, person=person).active_on(
                    started).exists():
                try:
                    do_assign_holder(actor=self.actor, position=position, person=person,
                                     started_on=started)
                except OverrideRequired as exc:
                    raise ValueError(str(exc.message)) from exc
                outcome = outcome if outcome == "CREATED" else "UPDATED"
        return outcome
