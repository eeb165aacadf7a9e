"""manage.py sweep_attachment_temp: delete encrypted upload parts whose row never committed
(a crash between encryption and commit, or an enclosing transaction rolled back). Run daily."""

from django.core.management.base import BaseCommand

from documents import storage


class Command(BaseCommand):
    help = "Xóa các tệp tạm của tệp đính kèm không được ghi vào cơ sở dữ liệu (cũ hơn 24 giờ)."

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=int, default=24, help="chỉ xóa tệp tạm cũ hơn số giờ này")

    def handle(self, *args, hours, **options):
        removed = storage.sweep_temp(max(0, hours) * 3600)
        self.stdout.write(f"Đã xóa {removed} tệp tạm.")
