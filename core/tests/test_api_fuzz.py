"""Fuzzing of the whole REST API with schemathesis, against the live OpenAPI schema.

The schema is read from ``/api/v1/openapi.json`` through the WSGI application with the token
of the ``world`` administrator; then every operation receives generated requests as that
administrator: valid ones with random ids, valid ones aimed at real records (the access
matrix's records of every kind, so details, updates and transitions run their happy paths),
and invalid ones (wrong types, missing fields, malformed bodies). Every response must have a
documented status code and match its schema, and none may be a server error.

Bounded: ``EXAMPLES`` requests per operation, derandomized (the same requests every run).
"""

import json
import os
import re
from collections import defaultdict
from contextlib import contextmanager

import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from core.tests.api_client import token_for
from core.tests.test_access_matrix import records_of_b

CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]
# Requests per operation (about 140 operations): 10 keeps each database's run near a minute;
# raise it locally to dig deeper (HOSO_API_FUZZ_EXAMPLES=100).
EXAMPLES = int(os.environ.get("HOSO_API_FUZZ_EXAMPLES", "10"))
PATH_PARAMETER = re.compile(r"{(\w+)}")


def strategy_for(operation, known_ids: dict):
    """Valid requests (random ids, and real ids where the path names a record) and invalid ones."""
    strategies = [operation.as_strategy(GenerationMode.POSITIVE)]
    names = PATH_PARAMETER.findall(operation.path)
    if names and all(name in known_ids for name in names):
        strategies.append(operation.as_strategy(
            GenerationMode.POSITIVE, path_parameters={n: known_ids[n] for n in names}))
    strategies.append(operation.as_strategy(GenerationMode.NEGATIVE))
    return st.one_of(strategies)


def fuzz_operation(operation, headers: dict, known_ids: dict) -> str | None:
    """Run the generated requests of one operation; the text of its first failure, or None."""

    # No shrinking: the first failing request is reported as it is (shrinking replays many).
    @settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
              suppress_health_check=list(HealthCheck), report_multiple_bugs=False,
              phases=[Phase.explicit, Phase.generate])
    @given(case=strategy_for(operation, known_ids))
    def run(case):
        response = case.call(headers=headers)
        case.validate_response(response, checks=CHECKS)

    try:
        run()
    except (Exception, FailureGroup) as exc:  # noqa: BLE001 - reported with its operation
        return f"{operation.label}:\n{describe(exc)}"
    return None


def describe(exc: BaseException) -> str:
    """Short text of a failure: each check's title and message, and the request to replay it."""
    failures = exc.exceptions if isinstance(exc, FailureGroup) else [exc]
    lines = []
    for failure in failures:
        title = getattr(failure, "title", type(failure).__name__)
        message = str(getattr(failure, "message", failure)).strip()
        lines.append(f"  - {title}: {message[:800]}")
    lines += [f"  {note.strip()}" for note in getattr(exc, "__notes__", [])
              if "curl -X" in note]
    return "\n".join(lines)


def _document_with_file(world) -> dict:
    """A document whose encrypted file stays on disk (the matrix's records discard theirs)."""
    from documents import services
    from documents.tests.factories import make_document, pdf_bytes, upload

    document = make_document(world.admin, world.hp, subject="Văn bản thử nghiệm API")
    attachment = services.do_attach_file(actor=world.admin, document=document,
                                         upload=upload(pdf_bytes(), "thu-nghiem.pdf"))
    return {"document_id": document.pk, "attachment_id": attachment.pk}


@contextmanager
def connections_kept():
    """Requests through the WSGI application keep the test's database connection.

    Django closes connections when a request ends (CONN_MAX_AGE=0), which would end the test's
    transaction on PostgreSQL; its test client unhooks that signal the same way.
    """
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_every_api_operation_survives_generated_requests(world, settings, tmp_path):
    from hoso.wsgi import application

    settings.HOSO_ATTACHMENT_DIR = tmp_path / "attachments"  # the world's files, this test's own

    headers = {"Authorization": f"Bearer {token_for(world.admin, name='fuzz')}"}
    known_ids = records_of_b(world)
    known_ids.update(_document_with_file(world))
    with connections_kept():
        schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application,
                                                headers=headers)
        operations = [result.ok() for result in schema.get_all_operations()]
        assert len(operations) > 50, "the schema lost its operations"
        failures = [failure for operation in operations
                    if (failure := fuzz_operation(operation, headers, known_ids))]
    assert not failures, f"{len(failures)} operation(s) failed:\n\n" + "\n\n".join(failures)


def _schema_classes(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _schema_classes(sub)


def test_no_two_api_schemas_share_a_name():
    """ninja files every schema under its class name in the OpenAPI components: two different
    classes of the same name overwrite each other, and clients (and this fuzzing) then read
    the wrong fields for one of the operations."""
    from ninja import Schema

    from hoso.api import api

    api.get_openapi_schema()  # imports every router
    by_name = defaultdict(dict)
    for cls in set(_schema_classes(Schema)):
        if cls.__module__.split(".")[0] in {"ninja", "pydantic", "abc"}:
            continue
        shape = json.dumps(cls.model_json_schema(), sort_keys=True)
        by_name[cls.__name__][shape] = f"{cls.__module__}.{cls.__qualname__}"
    clashes = {name: sorted(shapes.values()) for name, shapes in by_name.items()
               if len(shapes) > 1}
    assert not clashes, f"rename one of each: {clashes}"
