"""`zonesearch serve`: waitress in production, Flask's server only with --debug."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from flask import Flask

from search.cli.main import main


class _Server:
    def run(self) -> None:
        pass

    def close(self) -> None:
        pass


def test_serve_uses_waitress(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import web.server

    calls: list[dict[str, Any]] = []

    def make_server(app: Flask, **kw: Any) -> _Server:
        calls.append({"app": app, **kw})
        return _Server()

    monkeypatch.setattr(web.server, "make_server", make_server)
    monkeypatch.setattr(Flask, "run", lambda *a, **kw: pytest.fail("development server used"))
    args = ["serve", "--index", str(tmp_path), "--host", "0.0.0.0", "--port", "8123"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert f"http://0.0.0.0:8123/ (index {tmp_path})" in result.output
    assert len(calls) == 1 and calls[0]["port"] == 8123 and calls[0]["host"] == "0.0.0.0"
    assert calls[0]["app"].config["INDEX_DIR"] == str(tmp_path)
    assert calls[0]["threads"] == 32 and calls[0]["app"].config["QUERY_SECONDS"] == 1.0
    CliRunner().invoke(main, [*args, "--threads", "64", "--query-seconds", "0.5"])
    assert calls[1]["threads"] == 64 and calls[1]["app"].config["QUERY_SECONDS"] == 0.5


def test_serve_debug_uses_flask(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    runs: list[dict[str, Any]] = []
    monkeypatch.setattr(Flask, "run", lambda self, **kw: runs.append(kw))
    result = CliRunner().invoke(main, ["serve", "--index", str(tmp_path), "--debug"])
    assert result.exit_code == 0 and runs == [{"host": "127.0.0.1", "port": 5000, "debug": True}]


@pytest.mark.parametrize("args", [["--port", "0"], ["--port", "x"], ["--threads", "0"]])
def test_serve_bad_values_one_line(args: list[str]) -> None:
    result = CliRunner().invoke(main, ["serve", *args])
    assert result.exit_code == 2
    assert result.output.strip().count("\n") == 0 and result.output.startswith("Error: ")
