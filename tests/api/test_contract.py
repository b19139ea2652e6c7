"""Contract: schemathesis generates requests from /api/v1/openapi.json and sends them to a
live server on 127.0.0.1 with a member's token: no 5xx, every response fits the schema."""

import os
import threading

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from werkzeug.serving import make_server

from tests.api.conftest import PEOPLE

EXAMPLES = int(os.environ.get("KOP_CONTRACT_EXAMPLES", "8"))  # per operation
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def live_api(make_app):
    """A live server with the demo content and a Swedish member's token."""
    from app.extensions import db
    from app.models import ApiToken, User

    app = make_app("demo", API_RATE_LIMIT="100000 per minute")
    with app.app_context():
        user = db.session.execute(db.select(User).where(User.email == PEOPLE["se"])).scalar_one()
        token, secret = ApiToken.issue(user, "contract")
        db.session.add(token)
        db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", secret
    server.shutdown()
    thread.join(timeout=5)


def test_the_api_keeps_its_contract(live_api):
    base_url, token = live_api
    schema = schemathesis.openapi.from_url(f"{base_url}/api/v1/openapi.json")
    headers = {"Authorization": f"Bearer {token}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 12, "every endpoint is in the document"
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
                  suppress_health_check=list(HealthCheck), database=None)  # fmt: skip
        def check(case):
            case.call_and_validate(base_url=base_url, headers=headers, checks=CHECKS)

        check()
