"""manage.py api_token USERNAME [--name NAME]: issue a REST API token (shown once)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import ApiToken, User


class Command(BaseCommand):
    help = gettext_lazy("Tạo mã truy cập API cho một người dùng; mã chỉ hiện một lần, hệ thống chỉ lưu bản băm.")

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="", help=gettext_lazy("Tên gợi nhớ của mã (ví dụ: máy chủ báo cáo)"))

    def handle(self, *args, username, name, **options):
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(
                _("Không có người dùng đang hoạt động tên “%(name)s”.") % {"name": username}
            )
        _row, clear = ApiToken.issue(user, name=name[:100])
        self.stderr.write(_(
            "Mã truy cập API (chỉ hiện lần này, hãy lưu lại ngay; gửi kèm tiêu đề "
            "“Authorization: Bearer <mã>”):"
        ))
        self.stdout.write(clear)
