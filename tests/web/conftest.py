"""Fixtures for the web tests: a small hand-made index, the app, its clients."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

# Run as .venv/bin/pytest, the project root is not on sys.path and tests/web/ would shadow
# the web package as a namespace package.
ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
if "web" in sys.modules and getattr(sys.modules["web"], "__file__", None) is None:
    del sys.modules["web"]

from web_corpus import build_index  # noqa: E402

from web import create_app  # noqa: E402


@pytest.fixture(scope="session")
def index_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_index(tmp_path_factory.mktemp("web-index"))


@pytest.fixture
def app(index_root: Path) -> Flask:
    return create_app({"TESTING": True, "INDEX_DIR": str(index_root), "PER_PAGE": 5})


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def empty_app(tmp_path: Path) -> Flask:
    return create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "none")})
