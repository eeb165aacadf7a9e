"""manage.py rewrap_attachment_keys: after the master key changed, re-wrap every file key.

Set HOSO_FIELD_KEY to the new key and pass the old one in the environment variable named by
--old-key-env (default HOSO_OLD_FIELD_KEY), never on the command line (it would stay in the
shell history). Only the small wrapped keys change; the encrypted files are not rewritten.
"""

import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from documents import storage
from documents.models import Attachment


class Command(BaseCommand):
    help = "Bọc lại khóa của các tệp đính kèm bằng khóa chủ mới (sau khi đổi HOSO_FIELD_KEY)."

    def add_arguments(self, parser):
        parser.add_argument("--old-key-env", default="HOSO_OLD_FIELD_KEY",
                            help="biến môi trường chứa khóa chủ cũ (hex)")

    def handle(self, *args, old_key_env, **options):
        old_key = os.environ.get(old_key_env, "")
        new_key = settings.FIELD_ENCRYPTION_KEY
        try:
            old_id, new_id = storage.key_id(old_key), storage.key_id(new_key)
        except ValueError as exc:
            raise CommandError(f"Khóa trong {old_key_env} phải là chuỗi hex 64 ký tự.") from exc
        if old_id == new_id:
            raise CommandError("Khóa cũ trùng khóa mới: không có gì để bọc lại.")
        done = 0
        with transaction.atomic():
            for attachment in Attachment.objects.select_for_update().filter(key_id=old_id):
                attachment.wrapped_key = storage.rewrap_key(
                    attachment.wrapped_key, attachment.storage_key,
                    old_hex_key=old_key, new_hex_key=new_key)
                attachment.key_id = new_id
                attachment.save(update_fields=["wrapped_key", "key_id"])
                done += 1
        self.stdout.write(f"Đã bọc lại khóa của {done} tệp.")
