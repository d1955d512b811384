"""Generations under one root: build beside the live one, publish atomically, clean debris."""

from __future__ import annotations

from pathlib import Path

from search.segments.generations import POINTER, Store


def test_no_generation_before_the_first_publish(tmp_path: Path) -> None:
    assert Store(tmp_path / "ix").current() is None
    assert Store(tmp_path / "ix").generations() == []


def test_a_building_generation_is_invisible_until_published(tmp_path: Path) -> None:
    store = Store(tmp_path)
    building = store.new_generation()
    assert building.name.endswith(".building")
    assert store.current() is None and store.generations() == []
    live = store.publish(building)
    assert store.current() == live and not live.name.endswith(".building")
    assert (tmp_path / POINTER).read_text() == live.name


def test_publish_keeps_the_previous_generation_only(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("search.segments.generations.GRACE_SECONDS", 0.0)
    store = Store(tmp_path)
    published = [store.publish(store.new_generation()) for _ in range(4)]
    assert store.generations() == published[-2:]
    assert store.current() == published[-1]


def test_a_recently_retired_generation_outlives_its_successor(tmp_path: Path) -> None:
    store = Store(tmp_path)
    published = [store.publish(store.new_generation()) for _ in range(4)]
    assert store.generations() == published  # all retired within the grace period
    assert store.current() == published[-1]


def test_a_copy_starts_from_the_live_generation(tmp_path: Path) -> None:
    store = Store(tmp_path)
    live = store.new_generation()
    (live / "data").write_text("x")
    live = store.publish(live)
    copy = store.new_generation(copy_of=live)
    (copy / "data").write_text("changed")
    assert (live / "data").read_text() == "x"


def test_clean_debris_removes_unfinished_builds_and_stray_pointers(tmp_path: Path) -> None:
    store = Store(tmp_path)
    live = store.publish(store.new_generation())
    debris = store.new_generation()
    (debris / "half-written.seg").write_bytes(b"\0" * 10)
    (tmp_path / f"{POINTER}.tmp-999").write_text("gen-x")
    removed = store.clean_debris()
    assert set(removed) == {debris, tmp_path / f"{POINTER}.tmp-999"}
    assert store.current() == live and live.is_dir()


def test_a_pointer_to_a_missing_folder_means_no_index(tmp_path: Path) -> None:
    (tmp_path / POINTER).write_text("gen-gone")
    assert Store(tmp_path).current() is None
