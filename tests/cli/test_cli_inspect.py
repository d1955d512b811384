"""`zonesearch inspect`: JSON Lines out, clear one-line errors, no index touched."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from search.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"


def test_one_path_prints_one_json_object() -> None:
    seed = SEEDS / "002_3f82f7dc589cad46.txt"
    result = CliRunner().invoke(main, ["inspect", str(seed), "--json"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1
    doc = json.loads(lines[0])
    assert doc["title"] == "江苏涟水经济开发区:以解放思想大讨论助力高质量发展"
    assert doc["published"] == "2018-07-09"
    assert doc["uri"].endswith(seed.name)
    assert "当前位置" not in doc["text"]


def test_a_folder_prints_json_lines_one_per_document(tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    result = CliRunner(env={"ZONESEARCH_INDEX": str(index_dir)}).invoke(
        main, ["inspect", str(SEEDS), "--json"]
    )
    assert result.exit_code == 0, result.output
    docs = [json.loads(line) for line in result.stdout.strip().splitlines()]
    assert len(docs) == 5
    assert {d["script"] for d in docs} == {"hans", "hant"}
    assert not index_dir.exists()


def test_readable_form_names_the_fields() -> None:
    result = CliRunner().invoke(main, ["inspect", str(SEEDS / "000_d8e9bc0c093c3721.txt")])
    assert result.exit_code == 0, result.output
    assert "聚焦開發園區建設" in result.stdout
    assert "2025-01-10" in result.stdout


def test_missing_path_is_one_line_and_exit_1(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["inspect", str(tmp_path / "nope.txt"), "--json"])
    assert result.exit_code == 1
    assert "no such file or folder" in result.output
    assert "Traceback" not in result.output


def test_empty_and_binary_files_are_skipped_with_reasons(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blob.txt").write_bytes(bytes(range(256)) * 10)
    result = CliRunner().invoke(main, ["inspect", str(tmp_path), "--json"])
    assert result.exit_code == 1
    assert "empty.txt" in result.stderr and "blob.txt" in result.stderr
    assert "no document could be read" in result.stderr
    assert "Traceback" not in result.output


def test_no_path_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["inspect"])
    assert result.exit_code == 2
