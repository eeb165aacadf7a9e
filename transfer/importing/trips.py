"""Placeholder."""

from transfer.importing.base import Importer


class TripImporter(Importer):
    pass
