"""Static files storage of production: whitenoise's hashed, pre-compressed files.

After ``manage.py collectstatic`` every file has a content hash in its name (cached by browsers
for a year) and a gzip/brotli copy. A page never fails because of static files: when the manifest
is missing (collectstatic not run yet; ``check --deploy`` warns, hoso.W001) or does not know a
file (added after the last collectstatic), the plain name is used instead.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class HosoStaticStorage(CompressedManifestStaticFilesStorage):
    def stored_name(self, name):
        if not self.hashed_files:
            return name
        try:
            return super().stored_name(name)
        except ValueError:
            return name
