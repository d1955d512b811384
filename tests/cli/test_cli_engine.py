"""--engine and $ZONESEARCH_ENGINE on rebuild, update, query, stats and serve."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from search.cli.main import main
from tests.conftest import SEEDS
from tests.opensearch_cluster import cluster_url, fresh_name, require_cluster

DOWN = "opensearch://127.0.0.1:9399/zonesearch"  # nothing listens there


def run(*args: str, env: dict[str, str] | None = None) -> Any:
    return CliRunner().invoke(main, list(args), env=env)


def test_rebuild_query_stats_update_on_the_cluster() -> None:
    require_cluster()
    url = cluster_url(fresh_name("cli"))
    built = run("rebuild", str(SEEDS), "--engine", url, "--workers", "0")
    assert built.exit_code == 0, built.output
    assert "is live with 5 documents" in built.output
    found = run("query", "园区", "--engine", url, "--json")
    assert found.exit_code == 0, found.output
    assert json.loads(found.output)["total"] == 5
    stats = run("stats", "--json", env={"ZONESEARCH_ENGINE": url})
    assert json.loads(stats.output)["documents"] == 5
    again = run("update", "--engine", url, "--workers", "0")
    assert again.exit_code == 0 and "unchanged 5" in again.output


@pytest.mark.parametrize(
    "url, said",
    [
        ("opensearch://127.0.0.1:9200/Bad", "lower-case"),
        ("elastic://127.0.0.1:9200/zs", "unknown engine URL"),
        (DOWN, "does not answer"),
    ],
)
@pytest.mark.parametrize("command", [["query", "园区"], ["stats"], ["rebuild", str(SEEDS)]])
def test_engine_trouble_is_one_line(command: list[str], url: str, said: str) -> None:
    result = run(*command, "--engine", url)
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and said in result.output
    assert result.output.strip().count("\n") == 0


def test_update_without_sources_or_index(tmp_path: Path) -> None:
    result = run("update", "--index", str(tmp_path / "none"))
    assert result.exit_code == 1 and "no index at" in result.output


def test_serve_hands_the_engine_to_the_app(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import web.server

    apps: list[Any] = []
    monkeypatch.setattr(web.server, "serve", lambda app, **kw: apps.append(app))
    url = "opensearch://127.0.0.1:9200/zonesearch"
    result = run("serve", "--engine", url, "--index", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert f"(index {url})" in result.output
    assert apps[0].config["ENGINE"] == url
    bad = run("serve", "--engine", "opensearch://x:1/Bad")
    assert bad.exit_code == 1 and "lower-case" in bad.output and not apps[1:]
