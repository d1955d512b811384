"""Fixtures for the web tests: a small hand-made index, the app, its clients."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from web_corpus import build_index

from web import create_app


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
