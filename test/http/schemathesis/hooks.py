"""Hooks of test/http/openapi.schemathesis.http.spec.ts (decision 0040).

Each operation is called with the token of a role that may call it (ST_CALLERS: "GET /api/x/{id}"
-> token, made by the spec from the document's x-roles); the public ones with none. A period
whose `to` is before its `from` is refused (400) by a check JSON Schema cannot state, so such
queries are not generated as valid ones.
"""
import ast
import json
import os
import threading

import schemathesis

CALLERS = json.loads(os.environ.get("ST_CALLERS", "{}"))


def _one_at_a_time(function):
    """`function`, entered by one thread at a time."""
    lock = threading.Lock()

    def alone(*args, **kwargs):
        with lock:
            return function(*args, **kwargs)

    return alone


def _parse_one_at_a_time():
    """On CPython 3.11, two threads in ast.parse at once can fail with "SystemError: AST
    constructor recursion depth mismatch" (the converter's depth counter is shared). Hypothesis
    parses sources in whichever worker thread asks (to name a filtered strategy, to read a
    lambda's bounds), so every ast.parse is serialised, and so are its lambda-source caches
    (plain LRU dicts): a runtime error of the tool, not of the API, must not fail the run."""
    ast.parse = _one_at_a_time(ast.parse)
    try:
        from hypothesis.internal import lambda_sources
    except ImportError:
        return
    lambda_sources._lambda_description = _one_at_a_time(lambda_sources._lambda_description)


_parse_one_at_a_time()


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
