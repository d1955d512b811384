"""Fixtures for the web tests: a small hand-made index, the app, its clients."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from browsing import ARGS, CHROMIUM, new_page
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from web_corpus import build_index, engine_config

from web import create_app


@pytest.fixture(scope="session")
def index_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_index(tmp_path_factory.mktemp("web-index"))


@pytest.fixture(scope="session", params=["whoosh", "opensearch"])
def web_config(request: pytest.FixtureRequest, tmp_path_factory) -> dict[str, str]:
    """The web corpus on each engine: the page must look and behave the same on both."""
    return engine_config(request.param, tmp_path_factory.mktemp("web-index"))


@pytest.fixture
def app(web_config: dict[str, str]) -> Flask:
    return create_app({"TESTING": True, **web_config, "PER_PAGE": 5})


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def empty_app(tmp_path: Path) -> Flask:
    return create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "none")})


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    pg = new_page(browser)
    errors: list[str] = []
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.errors = errors
    yield pg
    pg.context.close()
