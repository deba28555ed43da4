"""Property-based fuzzing of the HTTP API from its OpenAPI schema (schemathesis), against a real server on
loopback (tier `load`): whatever the generated request, never a 5xx."""

from __future__ import annotations

import os

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.load
schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402  (schemathesis brings hypothesis)

EXAMPLES = int(os.environ.get("KB_FUZZ_EXAMPLES", "25"))


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    from tests.server import serving

    with serving(REPO / "tests" / "data" / "practices", tmp_path_factory.mktemp("index")) as (url, _):
        yield url


def test_no_generated_request_gets_a_server_error(base):
    schema = schemathesis.openapi.from_url(base + "/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 6
    failures: list[str] = []
    tried = {"requests": 0}

    for operation in operations:
        @given(operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck),
                  derandomize=True, database=None)
        def fuzz(case):
            response = case.call(timeout=30)
            tried["requests"] += 1
            if response.status_code >= 500:
                failures.append(f"{case.method} {case.formatted_path} -> {response.status_code}: "
                                f"{response.text[:200]}")

        fuzz()
    print(f"\nfuzzing: {tried['requests']} generated requests over {len(operations)} operations, "
          f"{len(failures)} server errors")
    assert failures == []
