"""The OpenAPI schema names each operation in Vietnamese (the clients' language)."""

import pytest

from core.tests.api_client import call

pytestmark = pytest.mark.django_db
VIETNAMESE_TAGS = {"people", "orgs", "vetting", "admission", "documents", "coordination",
                   "audit", "accounts"}


def test_every_operation_has_a_vietnamese_summary(client, world):
    paths = call(client, "GET", "/openapi.json", world.admin).json()["paths"]
    operations = [(path, method, op) for path, methods in paths.items()
                  for method, op in methods.items()
                  if VIETNAMESE_TAGS & set(op.get("tags", []))]
    assert len(operations) >= 60
    english = [f"{method.upper()} {path}: {op.get('summary')}" for path, method, op in operations
               if not any(ord(ch) > 127 for ch in op.get("summary", ""))]
    assert not english, english
