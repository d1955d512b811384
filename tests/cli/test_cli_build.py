"""`zonesearch rebuild` and `zonesearch update`: exit codes, the report, the lock message."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from search.build.lock import WriterLock
from search.cli.main import main
from search.segments.generations import Store

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_rebuild_reports_as_json_and_goes_live(tmp_path: Path) -> None:
    code, out = run("rebuild", str(SEEDS), "--index", str(tmp_path), "--json", "--workers", "0")
    assert code == 0, out
    report = json.loads(out.strip().splitlines()[-1])
    assert (
        report["read"] == 5
        and report["indexed"] + report["duplicates"] + len(report["skipped"]) >= 5
    )
    assert report["generation"] == Store(tmp_path).current().name
    assert {"pipeline", "analyse", "write"} <= set(report["seconds"])


def test_rebuild_readable_report_names_stages(tmp_path: Path) -> None:
    code, out = run("rebuild", str(SEEDS), "--index", str(tmp_path), "--workers", "0")
    assert code == 0, out
    assert "time per stage" in out and "is live with" in out


def test_update_adds_and_deletes(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(SEEDS, src)
    ix = tmp_path / "ix"
    assert run("rebuild", str(src), "--index", str(ix), "--workers", "0")[0] == 0
    first = sorted(src.iterdir())[0]
    first.unlink()
    code, out = run("update", "--index", str(ix), "--json", "--workers", "0")
    assert code == 0, out
    report = json.loads(out.strip().splitlines()[-1])
    assert report["job"] == "update" and report["deleted"] == 1 and report["unchanged"] == 4


def test_update_without_an_index_or_sources_says_what_to_do(tmp_path: Path) -> None:
    code, out = run("update", "--index", str(tmp_path))
    assert code != 0 and "zonesearch rebuild" in out


def test_a_missing_source_is_an_error(tmp_path: Path) -> None:
    code, out = run("rebuild", str(tmp_path / "nope"), "--index", str(tmp_path / "ix"))
    assert code != 0 and "no such file or folder" in out


def test_a_held_lock_fails_at_once_naming_the_holder(tmp_path: Path) -> None:
    with WriterLock(tmp_path, "rebuild"):
        code, out = run("rebuild", str(SEEDS), "--index", str(tmp_path))
    assert code != 0
    assert "another writer holds the index lock" in out and "rebuild" in out and "pid" in out
    assert Store(tmp_path).current() is None


def test_record_dump_column_options(tmp_path: Path) -> None:
    dump = tmp_path / "dump.jsonl"
    body = "镇江经济技术开发区今年新签约项目三十个，总投资一百亿元，园区聚焦新能源产业。"
    dump.write_text(json.dumps({"k": "a1", "wenben": body, "biaoti": "镇江经开区新闻"}) + "\n")
    code, out = run(
        "rebuild",
        str(dump),
        "--index",
        str(tmp_path / "ix"),
        "--json",
        "--workers",
        "0",
        "--text-column",
        "wenben",
        "--title-column",
        "biaoti",
        "--id-column",
        "k",
    )
    assert code == 0, out
    assert json.loads(out.strip().splitlines()[-1])["indexed"] == 1


def test_terminal_progress_draws_one_bar_per_stage(capsys) -> None:
    from search.cli.build import TerminalProgress

    progress = TerminalProgress(enabled=True)
    progress("pipeline", 3)
    progress("index", 0, 3)
    progress("index", 3)
    progress.close()
    err = capsys.readouterr().err
    assert "read+process" in err and "index" in err and "3/3" in err


def test_terminal_progress_is_silent_off_a_terminal(capsys) -> None:
    from search.cli.build import TerminalProgress

    progress = TerminalProgress(enabled=False)
    progress("pipeline", 3)
    progress.close()
    assert capsys.readouterr().err == ""


def test_a_folder_with_no_readable_document_fails_and_keeps_the_index(tmp_path: Path) -> None:
    code, _ = run("rebuild", str(SEEDS), "--index", str(tmp_path / "ix"), "--workers", "0")
    assert code == 0
    live = Store(tmp_path / "ix").current()
    (tmp_path / "empty").mkdir()
    code, out = run("rebuild", str(tmp_path / "empty"), "--index", str(tmp_path / "ix"))
    assert code == 1
    assert "no document to index" in out and "Traceback" not in out
    assert Store(tmp_path / "ix").current() == live


def test_rebuild_update_and_inspect_read_gzip_dumps(tmp_path: Path) -> None:
    dump = tmp_path / "dump.jsonl.gz"
    body = "苏州工业园区今年新签约项目三十个，总投资一百亿元，园区聚焦生物医药产业。"
    rows = [{"id": "a1", "title": "园区新闻", "text": body}]
    dump.write_bytes(gzip.compress(json.dumps(rows[0], ensure_ascii=False).encode() + b"\n"))
    index = str(tmp_path / "ix")
    code, out = run("rebuild", str(dump), "--index", index, "--json", "--workers", "0")
    assert code == 0, out
    assert json.loads(out.strip().splitlines()[-1])["indexed"] == 1
    rows.append(
        {"id": "a2", "title": "综保区新闻", "text": body.replace("苏州工业园区", "综合保税区")}
    )
    lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    dump.write_bytes(gzip.compress(lines.encode()))
    code, out = run("update", str(dump), "--index", index, "--json", "--workers", "0")
    assert code == 0, out
    code, out = run("query", "综合保税区", "--index", index, "--json")
    assert code == 0 and [h["title"] for h in json.loads(out)["hits"]] == ["综保区新闻"]
    code, out = run("inspect", str(dump), "--json")
    assert code == 0, out
    assert [json.loads(line)["title"] for line in out.strip().splitlines()] == [
        "园区新闻",
        "综保区新闻",
    ]


def test_rebuild_and_inspect_skip_a_line_nested_100000_deep(tmp_path: Path) -> None:
    dump = tmp_path / "d.jsonl"
    deep = '{"id": "d", "text": "开发区", "x": ' + "[" * 100_000 + "]" * 100_000 + "}"
    good = json.dumps(
        {
            "id": "ok",
            "text": (SEEDS / sorted(p.name for p in SEEDS.iterdir())[0]).read_text("utf-8"),
        },
        ensure_ascii=False,
    )
    dump.write_text(f"{deep}\n{good}\n", "utf-8")
    code, out = run(
        "rebuild", str(dump), "--index", str(tmp_path / "ix"), "--json", "--workers", "0"
    )
    assert code == 0, out
    report = json.loads(out.strip().splitlines()[-1])
    assert report["indexed"] == 1
    assert report["skip_reasons"] == {"line 1: bad JSON (nested too deeply)": 1}
    code, out = run("inspect", str(dump))
    assert code == 0 and "Traceback" not in out
    assert f"skipped {dump}#1: line 1: bad JSON (nested too deeply)" in out


def _niceness_after(tmp_path: Path, *args: str) -> int:
    """The CPU priority a process runs at after `zonesearch rebuild ARGS` ran in it."""
    code = (
        "import os, sys\n"
        "from search.cli.main import main\n"
        "try:\n"
        "    main(sys.argv[1:], standalone_mode=False)\n"
        "finally:\n"
        "    print('nice', os.nice(0))\n"
    )
    argv = ["rebuild", str(SEEDS), "--index", str(tmp_path / "ix"), "--workers", "0", *args]
    done = subprocess.run(
        [sys.executable, "-c", code, *argv], capture_output=True, text=True, check=True
    )
    return int(done.stdout.rsplit("nice", 1)[1])


def test_a_job_lowers_its_cpu_priority_for_the_server_beside_it(tmp_path: Path) -> None:
    start = os.nice(0)
    assert _niceness_after(tmp_path, "--json") == max(start, 10)  # the default
    assert _niceness_after(tmp_path, "--nice", "15") == max(start, 15)
    assert _niceness_after(tmp_path, "--nice", "0") == start


def test_a_bad_nice_is_a_usage_error(tmp_path: Path) -> None:
    code, out = run("rebuild", str(SEEDS), "--index", str(tmp_path / "ix"), "--nice", "40")
    assert code == 2 and "--nice" in out
