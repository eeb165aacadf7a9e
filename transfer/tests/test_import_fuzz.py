"""Hypothesis: rows of anything (text, numbers, dates, None) in every column never crash the
importer; every row ends with a verdict."""

import datetime as dt
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from transfer.importing.engine import importer_for
from transfer.models import ImportKind, Verdict

CELL = st.one_of(
    st.none(), st.text(max_size=30), st.integers(min_value=-10**15, max_value=10**15),
    st.floats(allow_nan=True, allow_infinity=True), st.booleans(),
    st.dates(min_value=dt.date(1, 1, 1)), st.datetimes(),
    st.sampled_from(["31/02/2024", "05/09/1985", "1085012345", "Nam", "Nữ", "Chi bộ khu phố 1",
                     "../../1980", "2024-13-01", "0", "   ", "Chính thức", "45292"]),
)


@pytest.mark.parametrize("kind", list(ImportKind.values))
@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(rows=st.lists(st.lists(CELL, min_size=12, max_size=12), min_size=1, max_size=6))
def test_any_cells_end_with_a_verdict(world, kind, rows):
    importer = importer_for(kind, world.officer_a)
    results = []
    for number, row in enumerate(rows, start=2):
        cells = {column.field: row[i % len(row)] for i, column in enumerate(importer.columns)}
        # Straight calls, not the engine's safety nets: an exception fails the test.
        results.append(importer.read(number, cells))
    importer.match_batch(results)
    for result in results:
        assert result.verdict in Verdict.values
        if result.verdict == Verdict.REJECT:
            assert result.reasons, result
        json.dumps(result.data)  # stored rows must be JSON
