"""A failed job (a full disk) removes its partial generation and says in one line what failed."""

from __future__ import annotations

import errno
import shutil
from pathlib import Path

import pytest
from articles import BODIES, SERIAL, live_ids, write_articles
from click.testing import CliRunner

from search.build.failures import BuildFailed
from search.build.rebuild import rebuild
from search.build.update import update
from search.cli.main import main
from search.segments.generations import Store
from search.segments.writer import StreamingGeneration

FULL = OSError(errno.ENOSPC, "No space left on device")


def _debris(root: Path) -> list[str]:
    live = Store(root).current()
    return sorted(p.name for p in root.iterdir() if p.is_dir() and p != live)


def _built(tmp_path: Path) -> tuple[Path, Path]:
    src, ix = tmp_path / "src", tmp_path / "ix"
    write_articles(src, BODIES)
    rebuild([src], ix, SERIAL)
    write_articles(src, {**BODIES, "d": BODIES["a"] + "新的一段。"})
    return src, ix


def test_an_update_that_fills_the_disk_while_copying_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src, ix = _built(tmp_path)
    live = Store(ix).current()
    real_copy = shutil.copyfile

    def copy(src_file: str, dst: str, **kw: object) -> object:
        if Path(src_file).suffix in (".pst", ".trm", ".col"):  # the disk fills up half way
            raise OSError(errno.ENOSPC, "No space left on device", dst)
        return real_copy(src_file, dst, **kw)

    monkeypatch.setattr(shutil, "copyfile", copy)
    with pytest.raises(BuildFailed) as failed:
        update([src], ix, SERIAL)
    message = str(failed.value)
    assert "\n" not in message and len(message) < 400, message
    assert message.startswith("update failed: ") and "No space left on device" in message
    assert message.endswith("the live index is unchanged")
    assert _debris(ix) == [] and Store(ix).current() == live
    assert len(live_ids(ix)) == 3


def test_a_rebuild_that_fills_the_disk_while_writing_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src, ix = _built(tmp_path)
    live = Store(ix).current()

    def finish(self: StreamingGeneration, *args: object, **kw: object) -> int:
        (self.path / "MAIN_partial.pst").write_bytes(b"\0" * 1000)
        raise OSError(errno.ENOSPC, "No space left on device", str(self.path / "MAIN_partial.pst"))

    monkeypatch.setattr(StreamingGeneration, "finish", finish)  # the one-pass rebuild's writer
    code_and_output = CliRunner().invoke(
        main, ["rebuild", str(src), "--index", str(ix), "--workers", "0"]
    )
    assert code_and_output.exit_code == 1
    (line,) = code_and_output.output.strip().splitlines()
    assert line.startswith("Error: rebuild failed: No space left on device: ")
    assert "MAIN_partial.pst" in line and line.endswith("the live index is unchanged")
    assert _debris(ix) == [] and Store(ix).current() == live


def test_a_failure_while_publishing_removes_the_new_generation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src, ix = _built(tmp_path)
    live = Store(ix).current()

    def manifest(*args: object) -> None:
        raise FULL

    monkeypatch.setattr("search.build.embedded.write_manifest", manifest)
    with pytest.raises(BuildFailed, match="^rebuild failed: No space left on device; "):
        rebuild([src], ix, SERIAL)
    assert _debris(ix) == [] and Store(ix).current() == live
