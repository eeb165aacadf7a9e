"""manage.py escalate_overdue [--on dd/mm/yyyy]: report late requests to the unit above.

Run once a day by the operator's scheduler; running it twice the same day changes nothing.
"""

from datetime import datetime

from django.core.management.base import BaseCommand, CommandError

from coordination.services import do_escalate_overdue


class Command(BaseCommand):
    help = ("Báo cáo cấp trên các yêu cầu phối hợp quá hạn trả lời lâu hơn số ngày quy định "
            "(chạy hằng ngày; chạy lại không sinh trùng).")

    def add_arguments(self, parser):
        parser.add_argument("--on", help="ngày xét (dd/mm/yyyy), mặc định hôm nay")

    def handle(self, *args, on=None, **options):
        day = None
        if on:
            try:
                day = datetime.strptime(on, "%d/%m/%Y").date()  # noqa: DTZ007 - a calendar date
            except ValueError as exc:
                raise CommandError("Ngày không hợp lệ: nhập theo dạng dd/mm/yyyy.") from exc
        escalated = do_escalate_overdue(on=day)
        self.stdout.write(f"Đã báo cáo cấp trên {len(escalated)} yêu cầu quá hạn.")
