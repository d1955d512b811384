"""`zonesearch query` and `zonesearch stats` through click's CliRunner, on the five seeds."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from flask.testing import FlaskClient

from search.cli.main import main
from web import create_app


def web_client(index_dir: str) -> FlaskClient:
    """The web app's test client, for comparing the JSON of both."""
    return create_app({"TESTING": True, "INDEX_DIR": index_dir, "PER_PAGE": 10}).test_client()


@pytest.fixture
def index_dir(seeds_index: Path) -> str:
    return str(seeds_index)


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def query_json(index_dir: str, *args: str) -> dict:
    result = run("query", *args, "--index", index_dir, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def one_line_error(result: Result, code: tuple[int, ...] = (1, 2)) -> str:
    assert result.exit_code in code, (result.exit_code, result.output)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.output
    assert "Traceback" not in result.output
    return lines[0]


def test_readable_form(index_dir: str) -> None:
    result = run("query", "园区", "--index", index_dir)
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.startswith("5 results, page 1/1 (")
    assert "\x1b[" not in out and "<mark>" not in out  # not a terminal: plain text
    assert out.count("\n   id: ") == 5
    # seed 001 has no title: the start of its text stands in, as on the page
    assert "无标题" not in out and "None" not in out
    assert re.search(r"\n\d\. 310个市重大项目完成年度投资计划的107%", out)
    assert "江苏省/镇江市" in out and "2025-01-10" in out


def test_json_form(index_dir: str) -> None:
    data = query_json(index_dir, "开发区", "--limit", "10")
    assert data["total"] == 4 and len(data["hits"]) == 4
    assert all("<mark>" in h["snippet"] for h in data["hits"])
    assert set(data) >= {"total", "page", "pages", "hits", "facets", "took_ms", "message"}


def test_traditional_query(index_dir: str) -> None:
    assert query_json(index_dir, "園區")["total"] == 5


def test_region(index_dir: str) -> None:
    data = query_json(index_dir, "园区", "--region", "山西省")
    assert data["total"] == 1
    assert data["hits"][0]["region"].startswith("山西省")
    assert query_json(index_dir, "园区", "--region", "江苏省")["total"] == 4


def test_mentions(index_dir: str) -> None:
    # every seed names a Jiangsu or Shanxi place; --mentions narrows to those naming it
    about = query_json(index_dir, "园区", "--region", "山西省")["total"]
    named = query_json(index_dir, "园区", "--mentions", "山西省")["total"]
    assert named >= about == 1
    assert (
        query_json(index_dir, "园区", "--mentions", "晋中")["hits"][0]["region"] == "山西省/晋中市"
    )
    unknown = query_json(index_dir, "园区", "--mentions", "火星")
    assert unknown["total"] == 0 and "火星" in unknown["message"]


def test_year(index_dir: str) -> None:
    # seeds 000 (2025) and 002 (2018) are dated; 001, 003 and 004 state no year of their own
    data = query_json(index_dir, "园区", "--year", "2025")
    assert data["total"] == 1
    assert all(h["published"] is None or h["published"].startswith("2025") for h in data["hits"])
    two = query_json(index_dir, "园区", "--year", "2025", "--year", "2018")["total"]
    assert two == 2
    assert query_json(index_dir, "园区", "--year", "1990")["total"] == 0


def test_zone(index_dir: str) -> None:
    data = query_json(index_dir, "园区", "--zone", "江苏句容经济开发区")
    assert data["total"] == 2
    for hit in data["hits"]:
        assert "江苏句容经济开发区" in [z["name"] for z in hit["zones"]]


def test_sort(index_dir: str) -> None:
    newest = [h["published"] for h in query_json(index_dir, "园区", "--sort", "date")["hits"]]
    dated = [d for d in newest if d]
    assert dated == sorted(dated, reverse=True)
    oldest = [h["published"] for h in query_json(index_dir, "园区", "--sort", "date-asc")["hits"]]
    assert [d for d in oldest if d] == sorted(dated)


def test_limit_and_page(index_dir: str) -> None:
    first = query_json(index_dir, "园区", "--limit", "2")
    assert len(first["hits"]) == 2 and first["pages"] == 3
    second = query_json(index_dir, "园区", "--limit", "2", "--page", "2")
    last = query_json(index_dir, "园区", "--limit", "2", "--page", "3")
    ids = [h["id"] for d in (first, second, last) for h in d["hits"]]
    assert len(ids) == 5 and len(set(ids)) == 5
    past = run("query", "园区", "--limit", "2", "--page", "9", "--index", index_dir)
    assert past.exit_code == 0 and "past the last page (3)" in past.output


def test_facets(index_dir: str) -> None:
    plain = run("query", "园区", "--index", index_dir).output
    result = run("query", "园区", "--facets", "--index", index_dir)
    assert result.exit_code == 0
    assert "\nregion: " not in plain and "\nregion: 江苏省 (4)" in result.output
    assert "\nyear: 2025 (1)" in result.output and "\nzone: " in result.output


def test_message(index_dir: str) -> None:
    result = run("query", '"园区', "--index", index_dir)
    assert result.exit_code == 0 and "note: 引号不成对" in result.output


def test_index_option_and_environment(index_dir: str, tmp_path: Path) -> None:
    missing = run("query", "园区", "--index", str(tmp_path / "none"))
    assert "no index at" in one_line_error(missing, (1,))
    env = CliRunner(env={"ZONESEARCH_INDEX": index_dir}).invoke(main, ["query", "园区"])
    assert env.exit_code == 0 and env.output.startswith("5 results")


@pytest.mark.parametrize(
    "args",
    [
        ["--sort", "bogus"],
        ["--limit", "0"],
        ["--limit", "101"],
        ["--limit", "x"],
        ["--page", "0"],
        ["--page", "-1"],
        ["--year", "20x4"],
        ["--year", "2024年"],
        ["--bogus-option"],
    ],
)
def test_bad_values_one_line(index_dir: str, args: list[str]) -> None:
    one_line_error(run("query", "园区", *args, "--index", index_dir))


@pytest.mark.parametrize("text", ["", "   ", "🙂🙂", "的"])
def test_nothing_to_search_one_line(index_dir: str, text: str) -> None:
    one_line_error(run("query", text, "--index", index_dir), (1,))


def test_long_and_html_queries_do_not_crash(index_dir: str) -> None:
    long = run("query", "园" * 2000, "--index", index_dir, "--json")
    assert long.exit_code in (0, 1), long.output
    hostile = run("query", "<script>alert(1)</script> 园区", "--index", index_dir, "--json")
    assert hostile.exit_code in (0, 1) and "Traceback" not in hostile.output


@pytest.mark.parametrize(
    "args, params",
    [
        (["园区"], {"q": "园区"}),
        (["开发区", "--limit", "2", "--page", "2"], {"q": "开发区", "limit": 2, "page": 2}),
        (
            ["园区", "--region", "江苏省", "--sort", "date"],
            {"q": "园区", "region": "江苏省", "sort": "date"},
        ),
        (
            ["園區", "--year", "2025", "--zone", "江苏句容经济开发区"],
            {"q": "園區", "year": "2025", "zone": "江苏句容经济开发区"},
        ),
        (['"园区'], {"q": '"园区'}),
    ],
)
def test_json_equals_the_api(index_dir: str, args: list[str], params: dict) -> None:
    client = web_client(index_dir)
    api = client.get("/api/search", query_string=params)
    assert api.status_code == 200
    from_api, from_cli = api.get_json(), query_json(index_dir, *args)
    from_api.pop("took_ms"), from_cli.pop("took_ms")
    assert from_cli == from_api


def test_stats(index_dir: str) -> None:
    result = run("stats", "--index", index_dir)
    assert result.exit_code == 0, result.output
    assert "documents:   5" in result.output and "live:        gen-" in result.output
    assert "\nregion: " in result.output and "江苏省 (4)" in result.output
    data = json.loads(run("stats", "--index", index_dir, "--json").output)
    assert data["documents"] == 5 and data["generation"] in data["generations"]
    assert data["size_bytes"] > 0 and data["total_bytes"] >= data["size_bytes"]
    assert {"value": "2025", "count": 1} in data["facets"]["year"]


def test_stats_without_index(tmp_path: Path) -> None:
    assert "no index at" in one_line_error(run("stats", "--index", str(tmp_path)), (1,))
    one_line_error(run("stats", "--bogus"), (2,))


def test_an_unreadable_generation_is_one_line(tmp_path: Path) -> None:
    from search.build.rebuild import rebuild
    from search.segments.generations import Store

    root = tmp_path / "ix"
    rebuild([Path(__file__).resolve().parents[2] / "seeds"], root)
    (Store(root).current() / "CHECKSUMS").unlink()  # written before checksums existed …
    for toc in Store(root).current().glob("*.toc"):  # … and before a layout move
        toc.write_bytes(toc.read_bytes().replace(b"search.text.", b"search.gone."))
    for args in (["query", "园区"], ["stats"]):
        line = one_line_error(run(*args, "--index", str(root)))
        assert "cannot be read" in line and "zonesearch rebuild" in line


def test_same_results_with_a_cold_a_warm_and_no_cache(index_dir: str, tmp_path: Path) -> None:
    """Separate processes (the tables are kept per process too): the derived-table cache
    never changes a result, whether it is made, read or turned off."""
    import os
    import subprocess
    import sys

    def answer(cache: str, *args: str) -> dict:
        env = dict(os.environ, ZONESEARCH_CACHE=cache)
        code = "from search.cli.main import main; main()"
        argv = [sys.executable, "-c", code, "query", *args, "--index", index_dir, "--json"]
        done = subprocess.run(argv, capture_output=True, text=True, env=env, check=False)
        assert done.returncode == 0, done.stderr
        data = json.loads(done.stdout)
        data.pop("took_ms")
        return data

    cache = tmp_path / "cache"
    args = ("園區 镇江经开区", "--facets", "--limit", "10")
    cold = answer(str(cache), *args)
    assert sorted(p.name for p in cache.iterdir()) == [
        "domain_terms.json",
        "fold_table.json",
        "zone_forms.json",
    ]
    warm = answer(str(cache), *args)
    off = answer("", *args)
    assert cold == warm == off
    assert cold["total"] > 0 and cold["hits"][0]["snippet"]
