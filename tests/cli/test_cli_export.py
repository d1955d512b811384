"""`zonesearch query --format csv|jsonl [--all]` and `zonesearch watch`, on tests/zone_corpus
served by each engine (--index DIR, or --engine URL on the test cluster)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from zone_corpus import HOSTILE

from search.cli import options
from search.cli.main import COMMANDS, main
from search.engine.query import SORTS
from search.output import export
from tests.engines import cli_args
from tests.opensearch_cluster import cluster_url, fresh_name


@pytest.fixture
def where(zone_config: dict[str, str]) -> list[str]:
    """The options naming the engine the zone corpus is on."""
    return cli_args(zone_config)


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def rows_of(output: str) -> list[dict[str, str]]:
    assert output.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(output.removeprefix("\ufeff"))))


def test_all_as_csv_is_every_hit_with_hostile_cells_neutralised(where: list[str]) -> None:
    result = run("query", "园区整合", *where, "--format", "csv", "--all")
    assert result.exit_code == 0, result.output
    rows = rows_of(result.output)
    assert len(rows) == 13 and list(rows[0]) == list(export.COLUMNS)
    hostile = next(r for r in rows if r["id"] == "z021")
    assert hostile["title"] == "'" + HOSTILE and hostile["url"] == ""


def test_one_page_as_jsonl_and_all_as_jsonl(where: list[str]) -> None:
    page = run("query", "园区整合", *where, "--format", "jsonl", "--limit", "3")
    assert page.exit_code == 0 and len(page.output.splitlines()) == 3
    every = run("query", "园区整合", "--zone", "苏州工业园区", *where)
    assert every.exit_code == 0
    every = run("query", "--zone", "苏州工业园区", *where, "--format", "jsonl", "--all")
    rows = [json.loads(line) for line in every.output.splitlines()]
    assert len(rows) == 9 and all("苏州工业园区" in r["zones"] for r in rows)


def test_cap_and_usage_errors_are_one_line(where: list[str], monkeypatch) -> None:
    monkeypatch.setattr(export, "MAX_EXPORT", 5)
    monkeypatch.setattr(export.all_hits, "__defaults__", (5,))
    capped = run("query", "园区整合", *where, "--format", "csv", "--all")
    assert capped.exit_code == 1 and "超过导出上限 5 条" in capped.output
    assert len(capped.output.strip().splitlines()) == 1
    for args in (("--all",), ("--format", "text", "--all"), ("--json", "--format", "csv")):
        bad = run("query", "园区", *where, *args)
        assert bad.exit_code == 2 and bad.output.startswith("Error: "), bad.output
        assert len(bad.output.strip().splitlines()) == 1
    bad = run("query", "园区", *where, "--format", "xls")
    assert bad.exit_code == 2 and "xls" in bad.output


def test_watch_prints_what_is_newer(where: list[str]) -> None:
    result = run("watch", "园区整合", "--since", "2024-01-01", *where)
    assert result.exit_code == 0, result.output
    lines = [line.split("\t") for line in result.output.splitlines()]
    assert [(d, i) for d, _, i, _ in lines] == [("2024-07-07", "z008"), ("2024-01-05", "z007")]
    assert lines[0][3] == "https://example.com/z/8.html"


def test_watch_formats_filters_and_nothing_new(where: list[str]) -> None:
    got = run(
        "watch", "--zone", "今世缘产业园", "--since", "2022-01-01T00:00:00+08:00",
        *where, "--format", "jsonl",
    )  # fmt: skip
    rows = [json.loads(line) for line in got.output.splitlines()]
    assert [r["id"] for r in rows] == ["z021", "z022"] and rows[0]["url"] is None
    untitled = run("watch", "今世缘", "--since", "2022-09-09", *where)
    assert "没有标题的今世缘产业园" in untitled.output and "无标题" not in untitled.output
    nothing = run("watch", "园区", "--since", "2099-01-01", *where)
    assert nothing.exit_code == 0 and nothing.output == ""
    as_json = run("watch", "园区", "--since", "2024-07-01", *where, "--format", "json")
    assert [r["id"] for r in json.loads(as_json.output)] == ["z008"]


def test_watch_bad_input(where: list[str], tmp_path: Path) -> None:
    bad = run("watch", "园区", "--since", "last week", *where)
    assert bad.exit_code == 2 and "ISO date" in bad.output
    missing = run("watch", "园区", *where)
    assert missing.exit_code == 2 and "--since" in missing.output
    if "--engine" in where:
        nowhere = ["--engine", cluster_url(fresh_name("none"))]  # an alias never published
    else:
        nowhere = ["--index", str(tmp_path / "none")]
    no_index = run("watch", "园区", "--since", "2024-01-01", *nowhere)
    assert no_index.exit_code == 1 and "no index" in no_index.output


@pytest.mark.parametrize(
    "args",
    [("watch", "园区", "--since", "2024-01-01"), ("query", "园区", "--format", "csv", "--all")],
)
def test_a_cluster_that_does_not_answer_is_one_line(args: tuple[str, ...]) -> None:
    down = run(*args, "--engine", "opensearch://127.0.0.1:9399/zonesearch")
    assert down.exit_code == 1 and "does not answer" in down.output
    assert len(down.output.strip().splitlines()) == 1


def test_the_cli_copies_of_library_constants_agree() -> None:
    assert options.SORT_CHOICES == SORTS
    assert options.EXPORT_FORMATS == export.FORMATS
    assert options.MAX_EXPORT == export.MAX_EXPORT


def test_starting_imports_no_command_library() -> None:
    """`zonesearch --help` imports click and the command modules, not the engine or trafilatura."""
    code = (
        "import sys; from search.cli.main import main\n"
        "try: main(['--help'])\nexcept SystemExit: pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('whoosh', 'trafilatura', 'rjieba', 'numpy', 'pypinyin')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"
    assert set(COMMANDS) == {
        "rebuild", "update", "query", "watch", "inspect", "stats", "serve", "crawl",
    }  # fmt: skip
