"""Cell values as offices type them → Python values, or CellError with a Vietnamese message.

Dates: dd/mm/yyyy (also with - or .), d/m/yy, ISO yyyy-mm-dd, Excel serial numbers (int, float
or a 5-digit text) and datetime cells. Birth dates may know the year only ("1985", "../../1985").
Text is NFC with single spaces. CCCD goes through core.cccd (pads the zeros Excel dropped).
"""

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from core.cccd import normalize_cccd
from core.textfold import fold, nfc

EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 1 = 01/01/1900 with Excel's 1900 leap-year bug
SERIAL_RANGE = (1, 2958465)  # 01/01/1900 … 31/12/9999
MIN_YEAR, MAX_YEAR = 1900, 2100
_DMY = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_YEAR_ONLY = re.compile(r"^(?:(?:\.\.|00?|xx)\s*[/.\-]\s*){0,2}(\d{4})$", re.IGNORECASE)
_MONTH_YEAR = re.compile(r"^(?:(?:\.\.|00?|xx)\s*[/.\-]\s*)?(\d{1,2})\s*[/.\-]\s*(\d{4})$",
                         re.IGNORECASE)


class CellError(Exception):
    """A cell that cannot be read; the message is Vietnamese and names the problem."""


def is_empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(value) -> str:
    """Any cell as NFC text with single spaces ('' for empty; 12.0 → '12')."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time(0) else value
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y")
    return nfc(str(value).replace("\x00", ""))


def shown(value) -> str:
    """How a cell is shown back to the user in the dry-run table (short)."""
    return text(value)[:120]


def _check_year(year: int, raw) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise CellError(_("Năm %(year)d trong “%(raw)s” nằm ngoài khoảng 1900–2100.")
                        % {"year": year, "raw": text(raw)})


def _from_serial(number: float, raw) -> dt.date:
    if not SERIAL_RANGE[0] <= number <= SERIAL_RANGE[1]:
        raise CellError(_("“%(raw)s” không phải ngày (số ngày kiểu Excel ngoài khoảng cho phép).")
                        % {"raw": text(raw)})
    day = EXCEL_EPOCH + dt.timedelta(days=int(number))
    _check_year(day.year, raw)
    return day


def _make(year: int, month: int, day: int, raw) -> dt.date:
    _check_year(year, raw)
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise CellError(_("Ngày “%(raw)s” không có thật (ngày/tháng không hợp lệ).")
                        % {"raw": text(raw)}) from exc


def _two_digit_year(yy: int) -> int:
    this_year = timezone.localdate().year % 100
    return 2000 + yy if yy <= this_year else 1900 + yy


def parse_date(value) -> dt.date | None:
    """A full date, or None for an empty cell; CellError when the cell is no date."""
    if is_empty(value):
        return None
    if isinstance(value, dt.datetime):
        _check_year(value.year, value)
        return value.date()
    if isinstance(value, dt.date):
        _check_year(value.year, value)
        return value
    if isinstance(value, bool):
        raise CellError(_("“%(raw)s” không phải ngày.") % {"raw": text(value)})
    if isinstance(value, int | float):
        if isinstance(value, float) and value != value:  # NaN
            raise CellError(_("Ô ngày không có giá trị đọc được."))
        return _from_serial(value, value)
    raw = text(value)
    match = _DMY.match(raw)
    if match:
        day, month, year = (int(part) for part in match.groups())
        if len(match.group(3)) == 2:
            year = _two_digit_year(year)
        return _make(year, month, day, raw)
    match = _ISO.match(raw)
    if match:
        year, month, day = (int(part) for part in match.groups())
        return _make(year, month, day, raw)
    if raw.isdigit() and len(raw) == 5:
        return _from_serial(int(raw), raw)
    raise CellError(_("“%(raw)s” không phải ngày: ghi theo dạng ngày/tháng/năm, ví dụ 05/09/1985.")
                    % {"raw": raw[:60]})


def parse_birth(value) -> tuple[int | None, int | None, int | None]:
    """(day, month, year) of a birth date; the year alone ("1985", "../../1985") is accepted."""
    if is_empty(value):
        return None, None, None
    if isinstance(value, int) and not isinstance(value, bool) and MIN_YEAR <= value <= MAX_YEAR:
        return None, None, value
    if isinstance(value, float) and value.is_integer() and MIN_YEAR <= value <= MAX_YEAR:
        return None, None, int(value)
    if isinstance(value, str):
        raw = text(value)
        match = _YEAR_ONLY.match(raw)
        if match:
            year = int(match.group(1))
            _check_year(year, raw)
            return None, None, year
        match = _MONTH_YEAR.match(raw)
        if match and not _DMY.match(raw):
            month, year = int(match.group(1)), int(match.group(2))
            _check_year(year, raw)
            if not 1 <= month <= 12:
                raise CellError(_("Tháng trong “%(raw)s” không hợp lệ.") % {"raw": raw})
            return None, month, year
    day = parse_date(value)
    if day > timezone.localdate():
        raise CellError(_("Ngày sinh %(date)s ở tương lai.") % {"date": day.strftime("%d/%m/%Y")})
    return day.day, day.month, day.year


def parse_cccd(value) -> str:
    """The 12-digit CCCD, '' for an empty cell."""
    if is_empty(value):
        return ""
    if isinstance(value, bool) or isinstance(value, dt.date):
        raise CellError(_("Số CCCD chỉ gồm chữ số (12 chữ số), ví dụ 001085012345."))
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        raise CellError(_("Số CCCD chỉ gồm chữ số (12 chữ số), ví dụ 001085012345."))
    try:
        return normalize_cccd(value if isinstance(value, int | float) else text(value))
    except ValidationError as exc:
        raise CellError(exc.messages[0]) from exc


def parse_choice(value, choices: dict[str, str], label: str) -> str:
    """The code of a choice from its Vietnamese label or code (folded), '' for empty."""
    if is_empty(value):
        return ""
    key = fold(text(value))
    if key in choices:
        return choices[key]
    raise CellError(_("“%(raw)s” không phải giá trị hợp lệ của “%(label)s”.")
                    % {"raw": text(value)[:60], "label": label})


def parse_int(value, label: str) -> int | None:
    if is_empty(value):
        return None
    if isinstance(value, bool):
        raise CellError(_("“%(label)s” phải là số.") % {"label": label})
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return value
    raw = text(value).replace(".", "").replace(" ", "")
    if raw.isdigit() and raw.isascii() and len(raw) < 10:
        return int(raw)
    raise CellError(_("“%(label)s” phải là số, không phải “%(raw)s”.")
                    % {"label": label, "raw": text(value)[:60]})
