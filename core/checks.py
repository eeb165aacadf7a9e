"""Deployment checks of hoso (``manage.py check --deploy``)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def static_files_collected(app_configs, **kwargs):
    """Production serves hashed, compressed static files from ``collectstatic``'s output."""
    if settings.DEBUG or settings.STATIC_COLLECTED:
        return []
    return [
        Warning(
            "Static files were not collected: whitenoise serves them unhashed and uncompressed.",
            hint="Run `manage.py collectstatic --noinput` (into HOSO_STATIC_ROOT) before starting.",
            id="hoso.W001",
        )
    ]
