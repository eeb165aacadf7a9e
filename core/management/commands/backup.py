"""manage.py backup <folder-or-file.tar>: one consistent archive (database, attachments, audit head)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.verify import vn_number
from core.backup import BackupError, make_backup


class Command(BaseCommand):
    help = gettext_lazy("Sao lưu nhất quán CSDL, tệp đính kèm (vẫn mã hóa) và đầu chuỗi nhật ký "
                        "vào một tệp .tar.")
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("destination", help=_("Thư mục (tệp được đặt tên theo thời điểm) "
                                                  "hoặc đường dẫn tệp .tar."))

    def handle(self, *args, destination, **options):
        try:
            archive, manifest = make_backup(Path(destination))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        audit = manifest["audit"]
        self.stdout.write(_("Đã sao lưu vào %(path)s") % {"path": archive})
        self.stdout.write(_("CSDL %(engine)s: %(tables)s bảng, %(rows)s dòng; %(files)s tệp đính "
                            "kèm; nhật ký %(events)s sự kiện.") % {
            "engine": manifest["engine"], "tables": vn_number(len(manifest["counts"])),
            "rows": vn_number(sum(manifest["counts"].values())),
            "files": vn_number(manifest["attachments"]), "events": vn_number(audit["count"])})
        if audit["head_hash"]:
            self.stdout.write(_("Đầu chuỗi nhật ký: sự kiện #%(id)s, mã băm %(hash)s")
                              % {"id": audit["head_id"], "hash": audit["head_hash"]})
        for key in manifest["missing_attachments"]:
            self.stderr.write(_("Cảnh báo: thiếu tệp đính kèm %(key)s (CSDL có, ổ đĩa không có).")
                              % {"key": key})
