"""Placeholder."""

from transfer.importing.base import Importer


class InspectionImporter(Importer):
    pass
