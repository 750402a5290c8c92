"""The OpenAPI document as committed in openapi.json (regenerate: actionplan openapi -o
openapi.json); a test checks that the code still gives the committed file."""

import json


def openapi_text() -> str:
    from .api import api

    # No server prefix from a request: the document is the same wherever it is made.
    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
