"""cached(): derived tables kept on disk, made again when stale, corrupt or unwritable."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from search.gazetteer.cache import cache_dir, cached, gazetteer_key, inputs_key
from search.gazetteer.lexicon import _domain_terms, _words, domain_terms

ROOT = Path(__file__).resolve().parents[2]


class Builder:
    """A build function that counts its calls."""

    def __init__(self, value: object) -> None:
        self.value = value
        self.calls = 0

    def __call__(self) -> object:
        self.calls += 1
        return self.value


def strings(value: object) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TypeError("not a list of strings")
    return value


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ZONESEARCH_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_built_once_then_read(folder: Path) -> None:
    build = Builder(["镇江经开区", "园区"])
    assert cached("t", "k1", build, strings) == ["镇江经开区", "园区"]
    assert cached("t", "k1", build, strings) == ["镇江经开区", "园区"]
    assert build.calls == 1
    stored = json.loads((folder / "t.json").read_text(encoding="utf-8"))
    assert stored == {"key": "k1", "value": ["镇江经开区", "园区"]}
    assert [p.name for p in folder.iterdir()] == ["t.json"]  # no temporary file left


def test_stale_key_is_rebuilt(folder: Path) -> None:
    cached("t", "old", Builder(["old"]), strings)
    build = Builder(["new"])
    assert cached("t", "new", build, strings) == ["new"]
    assert build.calls == 1
    assert json.loads((folder / "t.json").read_text(encoding="utf-8"))["key"] == "new"
    assert cached("t", "new", build, strings) == ["new"] and build.calls == 1


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b'{"key": "k", "value": ["a", "b"',  # cut off mid-write
        b"\xff\xfe\x00garbage",
        b"[1, 2, 3]",
        b'{"value": ["a"]}',
        b'{"key": "k"}',
        b'{"key": "k", "value": 42}',  # a value decode refuses
        b'{"key": "k", "value": ["a", 7]}',
    ],
)
def test_corrupt_file_is_rebuilt_without_error(folder: Path, content: bytes) -> None:
    folder.mkdir(parents=True)
    (folder / "t.json").write_bytes(content)
    build = Builder(["fresh"])
    assert cached("t", "k", build, strings) == ["fresh"]
    assert build.calls == 1
    assert json.loads((folder / "t.json").read_text(encoding="utf-8"))["value"] == ["fresh"]


def test_unwritable_folder_still_builds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("ZONESEARCH_CACHE", str(blocker / "cache"))
    build = Builder(["x"])
    assert cached("t", "k", build, strings) == ["x"]
    assert cached("t", "k", build, strings) == ["x"]
    assert build.calls == 2


def test_empty_setting_turns_the_cache_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZONESEARCH_CACHE", "")
    assert cache_dir() is None
    build = Builder(["x"])
    cached("t", "k", build, strings)
    cached("t", "k", build, strings)
    assert build.calls == 2


def test_default_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("ZONESEARCH_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_dir() == tmp_path / "zonesearch"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert cache_dir() == Path.home() / ".cache" / "zonesearch"

    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "home", no_home)
    assert cache_dir() is None


def test_key_follows_names_and_bytes(tmp_path: Path) -> None:
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    a.write_text("1")
    b.write_text("2")
    key = inputs_key([a, b])
    assert key == inputs_key([b, a])
    a.write_text("3")
    assert inputs_key([a, b]) != key
    assert len(gazetteer_key()) == 64


WRITER = """
import sys
from search.gazetteer.cache import cached
n = int(sys.argv[1])
value = [f"{n}-{i}" * 20 for i in range(2000)]
for round in range(20):
    cached("shared", f"key-{n}-{round}", lambda: value, lambda v: v)
"""


def test_concurrent_writers_never_leave_a_torn_file(folder: Path) -> None:
    """Four processes rewrite one table while it is read: every read is a whole table."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(n)], env=env, cwd=ROOT)
        for n in range(4)
    ]
    path = folder / "shared.json"
    reads = 0
    while any(w.poll() is None for w in writers) or reads == 0:
        if path.exists():
            stored = json.loads(path.read_text(encoding="utf-8"))
            n = stored["key"].split("-")[1]
            assert stored["value"] == [f"{n}-{i}" * 20 for i in range(2000)]
            reads += 1
        else:
            time.sleep(0.01)
    assert [w.wait() for w in writers] == [0, 0, 0, 0]
    assert sorted(p.name for p in folder.iterdir()) == ["shared.json"]  # no temporary files


def test_domain_terms_from_a_cold_and_a_warm_cache(folder: Path) -> None:
    fresh = frozenset(_domain_terms())
    key = gazetteer_key()
    cold = cached("domain_terms", key, lambda: sorted(_domain_terms()), _words)
    assert (folder / "domain_terms.json").exists()
    warm = cached("domain_terms", key, lambda: pytest.fail("rebuilt a warm cache"), _words)
    assert cold == warm == fresh == domain_terms()


def test_zone_forms_from_a_cold_and_a_warm_cache(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from search.gazetteer import aliases

    aliases._zone_forms.cache_clear()
    aliases.aliases.cache_clear()
    cold = aliases._zone_forms()
    assert (folder / "zone_forms.json").exists()
    assert "苏州工业园区" in aliases.aliases("苏州工业园")  # a catalogue zone's other form
    aliases._zone_forms.cache_clear()
    monkeypatch.setattr(aliases, "catalogue", lambda: pytest.fail("read the catalogue"))
    warm = aliases._zone_forms()  # from the file, without the catalogue
    assert warm == cold
    aliases._zone_forms.cache_clear()
    aliases.aliases.cache_clear()
