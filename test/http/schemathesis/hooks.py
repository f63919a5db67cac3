"""Hooks of test/http/openapi.schemathesis.http.spec.ts (decision 0040).

Each operation is called with the token of a role that may call it (ST_CALLERS: "GET /api/x/{id}"
-> token, made by the spec from the document's x-roles); the public ones with none. A period
whose `to` is before its `from` is refused (400) by a check JSON Schema cannot state, so such
queries are not generated as valid ones.
"""
import json
import os

import schemathesis

CALLERS = json.loads(os.environ.get("ST_CALLERS", "{}"))


@schemathesis.auth(refresh_interval=None)
class ByRole:
    def get(self, case, ctx):
        return CALLERS.get(f"{case.operation.method.upper()} {case.operation.path}")

    def set(self, case, data, ctx):
        if data:
            case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}


@schemathesis.hook
def filter_query(ctx, query):
    if not isinstance(query, dict):
        return True
    start, end = query.get("from"), query.get("to")
    return not (isinstance(start, str) and isinstance(end, str) and end < start)
