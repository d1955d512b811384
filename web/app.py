"""create_app(test_config=None): the Flask app factory, flaskr style."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from flask import Flask, Response

from web.outputs import bp as outputs_bp
from web.searcher import init_live
from web.views import bp, register_errors

DEFAULT_INDEX = "index"

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


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """The search page and the JSON API over the engine at ENGINE, else the index at INDEX_DIR."""
    app = Flask(__name__)
    app.config.from_mapping(
        INDEX_DIR=os.environ.get("ZONESEARCH_INDEX") or DEFAULT_INDEX,
        ENGINE=os.environ.get("ZONESEARCH_ENGINE") or None,  # an engine URL; None: INDEX_DIR
        PER_PAGE=10,
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
