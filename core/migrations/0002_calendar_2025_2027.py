"""Seed the working-day calendar with Vietnamese public holidays for 2025, 2026 and 2027.

Data, not code: an administrator edits core.CalendarDay when the Government announces or changes
a schedule. Only days that break the Monday–Friday rule are listed (weekday holidays, holidays
falling on a weekend, make-up working Saturdays). 2027 is an estimate from the lunar calendar
(Tết = 06/02/2027, Giỗ Tổ 10/3 âm lịch = 16/4/2027) and says so in legal_basis: check it when the
official schedule is published.
"""

from datetime import date

from django.db import migrations

LAW = "Bộ luật Lao động 2019, Điều 112"
SCHEDULE_2025 = LAW + "; lịch nghỉ năm 2025 do Bộ LĐ-TB&XH thông báo"
SCHEDULE_2026 = LAW + "; lịch nghỉ năm 2026 do Bộ Nội vụ thông báo"
CHECK = " (kiểm tra lại theo thông báo chính thức)"
ESTIMATE = "ƯỚC TÍNH theo âm lịch, cần quản trị viên kiểm tra lại; " + LAW

H, W = "HOLIDAY", "WORKING"
TET_2025, TET_2026, TET_2027 = ("Tết Nguyên đán Ất Tỵ", "Tết Nguyên đán Bính Ngọ",
                                "Tết Nguyên đán Đinh Mùi")
GIO_TO = "Giỗ Tổ Hùng Vương (10/3 âm lịch)"
QUOC_KHANH = "Quốc khánh 2/9"

DAYS = [
    # 2025
    (date(2025, 1, 1), H, "Tết Dương lịch", LAW),
    *[(date(2025, 1, d), H, TET_2025, SCHEDULE_2025) for d in (27, 28, 29, 30, 31)],
    (date(2025, 4, 7), H, GIO_TO, LAW),
    (date(2025, 4, 26), W, "Làm bù cho ngày 02/5/2025", SCHEDULE_2025),
    (date(2025, 4, 30), H, "Ngày Chiến thắng 30/4", LAW),
    (date(2025, 5, 1), H, "Ngày Quốc tế Lao động 1/5", LAW),
    (date(2025, 5, 2), H, "Nghỉ hoán đổi (làm bù thứ Bảy 26/4/2025)", SCHEDULE_2025),
    (date(2025, 9, 1), H, QUOC_KHANH + " (ngày liền kề)", SCHEDULE_2025),
    (date(2025, 9, 2), H, QUOC_KHANH, LAW),
    # 2026
    (date(2026, 1, 1), H, "Tết Dương lịch", LAW),
    (date(2026, 1, 2), H, "Nghỉ hoán đổi (làm bù thứ Bảy 10/01/2026)", SCHEDULE_2026 + CHECK),
    (date(2026, 1, 10), W, "Làm bù cho ngày 02/01/2026", SCHEDULE_2026 + CHECK),
    *[(date(2026, 2, d), H, TET_2026, SCHEDULE_2026) for d in (16, 17, 18, 19, 20)],
    (date(2026, 4, 26), H, GIO_TO + ", rơi vào Chủ nhật", LAW),
    (date(2026, 4, 27), H, GIO_TO + " (nghỉ bù)", SCHEDULE_2026),
    (date(2026, 4, 30), H, "Ngày Chiến thắng 30/4", LAW),
    (date(2026, 5, 1), H, "Ngày Quốc tế Lao động 1/5", LAW),
    (date(2026, 9, 1), H, QUOC_KHANH + " (ngày liền kề)", SCHEDULE_2026 + CHECK),
    (date(2026, 9, 2), H, QUOC_KHANH, LAW),
    # 2027: estimated
    (date(2027, 1, 1), H, "Tết Dương lịch", LAW),
    *[(date(2027, 2, d), H, TET_2027, ESTIMATE) for d in (4, 5, 8, 9, 10)],
    (date(2027, 4, 16), H, GIO_TO, ESTIMATE),
    (date(2027, 4, 30), H, "Ngày Chiến thắng 30/4", LAW),
    (date(2027, 5, 1), H, "Ngày Quốc tế Lao động 1/5, rơi vào thứ Bảy", LAW),
    (date(2027, 5, 3), H, "Ngày Quốc tế Lao động 1/5 (nghỉ bù)", ESTIMATE),
    (date(2027, 9, 2), H, QUOC_KHANH, LAW),
    (date(2027, 9, 3), H, QUOC_KHANH + " (ngày liền kề)", ESTIMATE),
]


def seed(apps, schema_editor):
    CalendarDay = apps.get_model("core", "CalendarDay")
    for day, kind, name, basis in DAYS:
        CalendarDay.objects.update_or_create(
            date=day, defaults={"kind": kind, "name": name, "legal_basis": basis}
        )


def unseed(apps, schema_editor):
    CalendarDay = apps.get_model("core", "CalendarDay")
    CalendarDay.objects.filter(date__in=[day for day, *_ in DAYS]).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0001_initial"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
