from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Dùng chung")

    def ready(self):
        from core import checks, counting  # noqa: F401 - checks registers itself

        counting.connect_signals()
