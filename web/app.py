"""create_app(test_config=None): the Flask app factory, flaskr style."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import Any

from flask import Flask, Response
from flask.json.provider import DefaultJSONProvider

from search.text.normalise import printable
from web.outputs import bp as outputs_bp
from web.searcher import init_live
from web.views import bp, register_errors

DEFAULT_INDEX = "index"
# A search's budget of CPU seconds (search.engine.query.search): a query that needs more
# gets a message instead (400). The benchmark queries take ~10-200 ms each.
QUERY_SECONDS = 1.0

# No inline script or style anywhere: everything comes from /static.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


_RAW_IN_JSON = re.compile("[\x7f-\x9f]")  # JSON escapes C0 itself, not DEL and C1


class JSONProvider(DefaultJSONProvider):
    """Flask's JSON, with no control character left raw: every one is a \\u escape."""

    def dumps(self, obj: Any, **kwargs: Any) -> str:
        text = super().dumps(obj, **kwargs)
        # such characters can only stand inside a JSON string, where \u00XX means the same
        return _RAW_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _printable_output(value: Any) -> Any:
    """Jinja's finalize: every {{ value }} of a page without control characters (a stored
    title from a crawled page or a dump may hold any); Markup stays Markup."""
    if isinstance(value, str):
        cleaned = printable(value)
        if cleaned != value:
            return type(value)(cleaned)
    return value


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """The search page and the JSON API over the engine at ENGINE, else the index at INDEX_DIR."""
    app = Flask(__name__)
    app.json = JSONProvider(app)
    app.jinja_env.finalize = _printable_output
    app.config.from_mapping(
        INDEX_DIR=os.environ.get("ZONESEARCH_INDEX") or DEFAULT_INDEX,
        ENGINE=os.environ.get("ZONESEARCH_ENGINE") or None,  # an engine URL; None: INDEX_DIR
        PER_PAGE=10,
        QUERY_SECONDS=QUERY_SECONDS,
        JSON_AS_ASCII=False,
    )
    if test_config is not None:
        app.config.from_mapping(test_config)
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.register_blueprint(bp)
    app.register_blueprint(outputs_bp)
    register_errors(app)
    init_live(app)

    @app.after_request
    def security_headers(response: Response) -> Response:
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    return app
