"""manage.py restore <file.tar>: restore a backup into an EMPTY database and attachment folder."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.verify import vn_number
from core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = gettext_lazy("Khôi phục một bản sao lưu vào CSDL trống, kiểm tra tệp mô tả và chuỗi "
                        "nhật ký.")
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("archive", help=_("Tệp .tar do lệnh backup tạo ra."))
        parser.add_argument("--force", action="store_true",
                            help=_("XÓA dữ liệu đang có trong CSDL đích rồi khôi phục."))

    def handle(self, *args, archive, force, **options):
        try:
            manifest = restore_backup(Path(archive), force=force)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        audit = manifest["audit"]
        self.stdout.write(_("Đã khôi phục %(rows)s dòng, %(files)s tệp đính kèm; chuỗi nhật ký "
                            "nguyên vẹn: %(events)s sự kiện, đầu chuỗi %(hash)s.") % {
            "rows": vn_number(sum(manifest["counts"].values())),
            "files": vn_number(manifest["attachments"]), "events": vn_number(audit["count"]),
            "hash": audit["head_hash"] or "—"})
