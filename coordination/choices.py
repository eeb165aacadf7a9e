"""Codes of the coordination ledger (labels in Vietnamese)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Direction(models.TextChoices):
    """Which way the letter went: one ledger holds both."""

    SENT = "SENT", _("Gửi đi")
    RECEIVED = "RECEIVED", _("Nhận đến")


class RequestKind(models.TextChoices):
    """What is asked. XAC_MINH is the verification request of a vetting case."""

    PHOI_HOP = "PHOI_HOP", _("Phối hợp công tác")
    XAC_MINH = "XAC_MINH", _("Thẩm tra, xác minh")
    CUNG_CAP_THONG_TIN = "CUNG_CAP_THONG_TIN", _("Cung cấp thông tin, tài liệu")
    LAY_Y_KIEN = "LAY_Y_KIEN", _("Lấy ý kiến")


class Status(models.TextChoices):
    """State of a request; the same states serve both directions (see workflow.py)."""

    DRAFT = "DRAFT", _("Dự thảo")
    AWAITING = "AWAITING", _("Chờ trả lời")
    PARTIALLY_ANSWERED = "PARTIALLY_ANSWERED", _("Đã trả lời một phần")
    ANSWERED = "ANSWERED", _("Đã trả lời")
    CLOSED = "CLOSED", _("Đã kết thúc")
    CANCELLED = "CANCELLED", _("Đã hủy")


# Requests still waiting for a final answer: they can be late, chased and escalated.
OPEN_STATUSES = (Status.AWAITING, Status.PARTIALLY_ANSWERED)
# Requests counted in timeliness figures (a draft was never sent, a cancelled one never counts).
COUNTED_STATUSES = (Status.AWAITING, Status.PARTIALLY_ANSWERED, Status.ANSWERED, Status.CLOSED)


class ReplyKind(models.TextChoices):
    PARTIAL = "PARTIAL", _("Trả lời một phần")
    FINAL = "FINAL", _("Trả lời đầy đủ")
    NO_RECORD = "NO_RECORD", _("Không có thông tin")


# Reply kinds that end the wait (the request is answered).
FINAL_REPLY_KINDS = (ReplyKind.FINAL, ReplyKind.NO_RECORD)
