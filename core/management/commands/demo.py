"""manage.py demo --people N [--if-empty] [--seed S]: realistic demo data at national scale."""

from django.core.management.base import BaseCommand, CommandError

from core.demo.load import has_people, load_demo


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu: cây tổ chức 34 tỉnh, thành và N cán bộ, đảng viên (chỉ để thử nghiệm)."

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=20_000, help="số người cần tạo")
        parser.add_argument("--seed", type=int, default=2026, help="hạt giống ngẫu nhiên")
        parser.add_argument("--if-empty", action="store_true",
                            help="không làm gì nếu cơ sở dữ liệu đã có người")

    def handle(self, *args, people, seed, if_empty, **options):
        if people < 0:
            raise CommandError("Số người phải là số không âm.")
        if has_people():
            if if_empty:
                self.stdout.write("Cơ sở dữ liệu đã có dữ liệu; bỏ qua việc nạp dữ liệu mẫu.")
                return
            raise CommandError(
                "Cơ sở dữ liệu đã có cán bộ, đảng viên. Dùng --if-empty, hoặc nạp vào một "
                "cơ sở dữ liệu trống."
            )
        result = load_demo(people=people, seed=seed)
        self.stdout.write(
            f"Đã nạp {_n(result.people)} người, {_n(result.units)} đơn vị trong "
            f"{result.seconds:.1f} giây ({_n(result.rate)} người/giây, bộ nhớ đỉnh "
            f"{_n(result.peak_rss_mb)} MB)."
        )


def _n(value: float) -> str:
    """Vietnamese thousands separator: 1.000.000."""
    return f"{value:,.0f}".replace(",", ".")
