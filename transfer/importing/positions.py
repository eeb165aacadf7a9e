"""Placeholder."""

from transfer.importing.base import Importer


class PositionImporter(Importer):
    pass
