"""Every file of a generation is checksummed when published and checked when opened."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from search.cli.main import main
from search.engine.reader import LiveIndex, open_live
from search.segments.checksums import CHECKED, CHECKSUMS
from search.segments.generations import DamagedIndex, Store, verify


def _one(folder: Path, pattern: str) -> Path:
    (found,) = sorted(folder.glob(pattern))[-1:]
    return found


def truncate_postings(gen: Path) -> str:
    f = _one(gen, "*.pst")
    os.truncate(f, f.stat().st_size // 2)
    return f.name


def remove_stored_column(gen: Path) -> str:
    f = _one(gen, "*_stored.col")
    f.unlink()
    return f.name


def garble_toc(gen: Path) -> str:
    f = _one(gen, "_MAIN_*.toc")
    f.write_bytes(os.urandom(f.stat().st_size))
    return f.name


def truncate_facets(gen: Path) -> str:
    f = _one(gen, "*.facets.col")
    os.truncate(f, f.stat().st_size - 7)
    return f.name


def scribble_on_terms(gen: Path) -> str:
    f = _one(gen, "*.trm")
    with f.open("r+b") as h:
        h.seek(f.stat().st_size // 2)
        h.write(b"\x5a\xa5" * 8)  # same size, different bytes
    return f.name


CORRUPTIONS: list[Callable[[Path], str]] = [
    truncate_postings,
    remove_stored_column,
    garble_toc,
    truncate_facets,
    scribble_on_terms,
]


@pytest.fixture
def index(seeds_index: Path, tmp_path: Path) -> Path:
    root = tmp_path / "ix"
    shutil.copytree(seeds_index, root)
    return root


def test_a_published_generation_lists_every_file_with_its_size_and_checksum(index: Path) -> None:
    live = Store(index).current()
    listed = (live / CHECKSUMS).read_text("utf-8").splitlines()
    names = {line.split("  ")[-1] for line in listed}
    beside = (CHECKSUMS, CHECKED)  # the list, and the stamps of the last full check
    on_disk = {p.name for p in live.iterdir() if p.name not in beside and "LOCK" not in p.name}
    assert names == on_disk and any(n.endswith(".pst") for n in names)
    verify(live)  # intact


@pytest.mark.parametrize("damage", CORRUPTIONS, ids=lambda f: f.__name__)
def test_every_corruption_is_found_on_open(index: Path, damage: Callable[[Path], str]) -> None:
    live = Store(index).current()
    name = damage(live)
    with pytest.raises(DamagedIndex) as found:
        open_live(index)
    message = str(found.value)
    assert "\n" not in message and name in message and live.name in message
    assert "zonesearch rebuild" in message


@pytest.mark.parametrize("command", ["query", "stats"])
@pytest.mark.parametrize("damage", CORRUPTIONS, ids=lambda f: f.__name__)
def test_query_and_stats_give_one_line_on_a_damaged_index(
    index: Path, damage: Callable[[Path], str], command: str
) -> None:
    name = damage(Store(index).current())
    args = [command, "经济"] if command == "query" else [command]
    result = CliRunner().invoke(main, [*args, "--index", str(index), "--json"])
    assert result.exit_code == 1, result.output
    (line,) = result.output.strip().splitlines()
    assert line.startswith("Error: index generation ") and name in line


def test_a_damaged_new_generation_is_refused_and_the_previous_one_serves(
    index: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store = Store(index)
    live = LiveIndex(index)
    before = live.generation()
    with live.searcher() as s:
        expected = s.doc_count()
    damaged = store.publish(store.new_generation(copy_of=before.path))
    truncate_postings(damaged)
    assert live.generation() is before  # still serving, not swapped
    with live.searcher() as s:
        assert s.doc_count() == expected
    (warning,) = [r.getMessage() for r in caplog.records if "damaged" in r.getMessage()]
    assert damaged.name in warning and "\n" not in warning
    assert live.generation() is before  # told once, not on every request
    assert len([r for r in caplog.records if "damaged" in r.getMessage()]) == 1


def test_a_server_starting_on_a_damaged_generation_serves_the_previous_one(index: Path) -> None:
    store = Store(index)
    previous = store.current()
    damaged = store.publish(store.new_generation(copy_of=previous))
    scribble_on_terms(damaged)
    live = LiveIndex(index)
    assert live.generation().path == previous


def test_a_generation_from_before_checksums_still_opens(index: Path) -> None:
    (Store(index).current() / CHECKSUMS).unlink()
    with open_live(index).searcher() as s:
        assert s.doc_count() > 0


def test_a_quick_check_reads_only_files_changed_since_a_full_one(
    index: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    from search.segments import checksums

    monkeypatch.setattr(checksums, "RACY_SECONDS", 0.0)
    live = Store(index).current()
    verify(live)  # a full check, remembered in CHECKED
    assert (live / checksums.CHECKED).is_file()
    read: list[str] = []
    real = checksums._crc
    monkeypatch.setattr(checksums, "_crc", lambda p: read.append(p.name) or real(p))
    verify(live, quick=True)
    assert read == []  # nothing changed, nothing read
    time.sleep(0.05)  # file times tick coarsely: let the clock move past the check
    name = scribble_on_terms(live)  # same size, other bytes
    with pytest.raises(DamagedIndex, match=name):
        verify(live, quick=True)
    assert read == [name]


def test_files_changed_just_before_a_check_are_not_vouched_for(index: Path) -> None:
    from search.segments import checksums

    store = Store(index)
    fresh = store.publish(store.new_generation(copy_of=store.current()))
    verify(fresh)  # every file was written a moment ago: their times could still recur
    assert checksums._checked(fresh) == {}
    name = scribble_on_terms(fresh)
    with pytest.raises(DamagedIndex, match=name):
        verify(fresh, quick=True)
