"""Every benchmark module imports: a bench script broken by a refactor fails here, not in a
long `make bench` run."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
MODULES = sorted(
    ".".join(p.relative_to(BENCH.parent).with_suffix("").parts)
    for p in BENCH.rglob("*.py")
    if p.name != "__init__.py" and "out" not in p.relative_to(BENCH).parts
)


def test_the_bench_modules_are_found() -> None:
    assert "bench.engines" in MODULES and "bench.relevance.run" in MODULES


OURS = ("bench", "search", "web", "tests")


@pytest.mark.parametrize("name", MODULES)
def test_bench_module_imports(name: str) -> None:
    try:
        importlib.import_module(name)
    except ModuleNotFoundError as e:
        # a library of the bench extra (tantivy, bm25s ...) that `make test` does not install
        if e.name is None or e.name.split(".")[0] in OURS:
            raise
        pytest.skip(f"{name} needs {e.name} (pip install -e '.[bench]')")
