"""manage.py demo_accounts: create (idempotently) and print the demo accounts."""

from django.core.management.base import BaseCommand, CommandError

from core.demo.accounts import DEMO_PASSWORD, ensure_demo_accounts


class Command(BaseCommand):
    help = "Tạo các tài khoản dùng thử (chỉ cho môi trường phát triển) và in ra bảng tài khoản."

    def handle(self, *args, **options):
        try:
            accounts = ensure_demo_accounts()
        except LookupError as exc:
            raise CommandError(
                f"Chưa có đơn vị “{exc.args[0]}”. Hãy chạy “manage.py demo” trước."
            ) from exc
        rows = [("Tên đăng nhập", "Mật khẩu", "Vai trò", "Độ mật", "Phạm vi")]
        for user, _account in accounts:
            rows.append((user.username, DEMO_PASSWORD, str(user.get_role_display()),
                         str(user.get_clearance_display()), user.org_unit.name))
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        self.stdout.write("Tài khoản dùng thử (chỉ dùng khi phát triển, không dùng thật):")
        for number, row in enumerate(rows):
            cells = (cell.ljust(w) for cell, w in zip(row, widths, strict=True))
            self.stdout.write(("  " + "  ".join(cells)).rstrip())
            if number == 0:
                self.stdout.write("  " + "  ".join("-" * w for w in widths))
