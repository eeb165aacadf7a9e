"""manage.py mark_rechecks [--on dd/mm/yyyy]: concluded cases whose re-check date has come move
to NEEDS_RECHECK. Run once a day by the operator's scheduler; running it twice changes nothing."""

from datetime import datetime

from django.core.management.base import BaseCommand, CommandError

from vetting.services import do_mark_rechecks


class Command(BaseCommand):
    help = "Chuyển sang “cần xem xét lại” các hồ sơ đã đến ngày xem xét lại (chạy hằng ngày)."

    def add_arguments(self, parser):
        parser.add_argument("--on", help="ngày xét (dd/mm/yyyy), mặc định hôm nay")

    def handle(self, *args, on=None, **options):
        day = None
        if on:
            try:
                day = datetime.strptime(on, "%d/%m/%Y").date()  # noqa: DTZ007 - a calendar date
            except ValueError as exc:
                raise CommandError("Ngày không hợp lệ: nhập theo dạng dd/mm/yyyy.") from exc
        moved = do_mark_rechecks(on=day)
        self.stdout.write(f"Đã chuyển {moved} hồ sơ sang cần xem xét lại.")
