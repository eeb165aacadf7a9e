"""Placeholder."""

from transfer.importing.base import Importer


class UnitImporter(Importer):
    pass
