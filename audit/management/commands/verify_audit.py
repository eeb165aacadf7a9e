"""manage.py verify_audit: walk the audit chain and name the first broken event (exit 1)."""

import sys

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.verify import CHUNK_SIZE, verify_chain, vn_number


class Command(BaseCommand):
    help = gettext_lazy("Kiểm tra tính toàn vẹn của chuỗi nhật ký (mã băm nối tiếp).")

    def add_arguments(self, parser):
        parser.add_argument(
            "--expect-head", default="", metavar="HASH",
            help=_("Mã băm đầu chuỗi đã ghi lại lần kiểm tra trước: phải còn trong chuỗi "
                   "(phát hiện việc xóa các sự kiện mới nhất)."),
        )
        parser.add_argument("--chunk-size", type=int, default=CHUNK_SIZE,
                            help=_("Số sự kiện đọc mỗi lượt."))

    def handle(self, *args, expect_head, chunk_size, **options):
        result = verify_chain(expect_head=expect_head.strip().lower(), chunk_size=chunk_size)
        if not result.ok:
            if result.first_broken_id is not None:
                self.stderr.write(_("Chuỗi nhật ký bị phá vỡ tại sự kiện #%(id)s (%(problem)s).")
                                  % {"id": result.first_broken_id, "problem": result.problem})
            else:
                self.stderr.write(_("Chuỗi nhật ký không đầy đủ (%(problem)s).")
                                  % {"problem": result.problem})
            self.stderr.write(result.message)
            self.stderr.write(_("Đã kiểm tra đúng %(count)s sự kiện trước chỗ hỏng.")
                              % {"count": vn_number(result.checked)})
            sys.exit(1)
        self.stdout.write(_("Chuỗi nhật ký nguyên vẹn: %(count)s sự kiện")
                          % {"count": vn_number(result.checked)})
        if result.head_id is not None:
            self.stdout.write(
                _("Đầu chuỗi: sự kiện #%(id)s, mã băm %(hash)s — ghi lại mã này ngoài hệ thống "
                  "và lần sau chạy với --expect-head %(hash)s.")
                % {"id": result.head_id, "hash": result.head_hash}
            )
