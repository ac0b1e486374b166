"""Schemathesis against the API's own schema (/api/v1/openapi.json) with a logged-in token: every operation gets
generated requests (valid and invalid parameters and bodies), and no answer may be a server error or a status
code the schema does not declare.

Bounded for CI: EXAMPLES requests per operation (about 2 min for the 57 operations on SQLite on a shared 2-core machine);
`TAIZHANG_FUZZ_EXAMPLES=500 pytest taizhang/api/tests/test_fuzz_api.py` explores further by hand.
"""

import json
import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import status_code_conformance

from taizhang.api.api import api
from taizhang.orgs.models import ApiToken, User
from taizhang.testing import rolled_back_per_example

EXAMPLES = int(os.environ.get("TAIZHANG_FUZZ_EXAMPLES", "30"))

schema = schemathesis.openapi.from_dict(json.loads(json.dumps(api.get_openapi_schema(path_prefix="/api/v1/"))))
schema.app = get_wsgi_application()


@pytest.fixture
def bearer(db):
    # As Django's test client does: the request must not close the test's connection (and its transaction).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    key = ApiToken.new_key()
    ApiToken.objects.create(user=User.objects.get(username="county_office"), name="fuzz", key_hash=ApiToken.hash_key(key),
                            prefix=key[:8], expires_at=timezone.now() + timezone.timedelta(days=1))
    yield {"Authorization": f"Bearer {key}"}
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@rolled_back_per_example
def test_api(case, bearer):
    case.call_and_validate(headers=bearer, checks=[not_a_server_error, status_code_conformance])
