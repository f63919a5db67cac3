"""Hooks of test/http/openapi.schemathesis.http.spec.ts (decision 0040).

Each operation is called with the token of a role that may call it (ST_CALLERS: "GET /api/x/{id}"
-> token, made by the spec from the document's x-roles); the public ones with none. A period
whose `to` is before its `from` is refused (400) by a check JSON Schema cannot state, so such
queries are not generated as valid ones.
"""
import ast
import inspect
import json
import os
import sys

import schemathesis

CALLERS = json.loads(os.environ.get("ST_CALLERS", "{}"))


def _parse_lambda_sources_once():
    """Hypothesis names a filtered strategy by parsing the source of its lambda's module, the first
    time in whichever worker thread asks; on CPython 3.11 two threads parsing at once can fail with
    "SystemError: AST constructor recursion depth mismatch" (a runtime error of the tool, not of
    the API). Parsed here, before the workers start, they are only read from the cache."""
    try:
        from hypothesis.internal import lambda_sources

        import schemathesis.specs.openapi.coverage._schema  # noqa: F401 (loaded, to be parsed)
    except ImportError:
        return
    for name, module in list(sys.modules.items()):
        if not name.startswith(("schemathesis", "hypothesis")) or not str(getattr(module, "__file__", "")).endswith(".py"):
            continue
        try:
            lines = tuple(inspect.findsource(module)[0])
        except (OSError, TypeError):
            continue
        text = "".join(lines)
        if "lambda" in text:
            lambda_sources.AST_LAMBDAS_CACHE[lines] = lambda_sources.extract_all_lambdas(ast.parse(text))


_parse_lambda_sources_once()

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
