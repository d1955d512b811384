"""The library's parts import one another one way only, as README.md's layout section says."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SPINE = {"document"}
# What each part may import besides the spine (search.document) and itself.
ALLOWED: dict[str, set[str]] = {
    "document": set(),
    "gazetteer": set(),
    "text": {"gazetteer"},
    "sources": {"text"},
    "extract": {"text"},
    "enrich": {"text", "gazetteer"},
    "pipeline": {"sources", "extract", "enrich", "text", "gazetteer"},
    "segments": {"text"},
    "build": {"pipeline", "sources", "extract", "enrich", "text", "gazetteer", "segments"},
    "engine": {"segments", "text", "gazetteer"},
    "output": {"engine", "enrich", "text", "gazetteer"},
    "opensearch": {"build", "engine", "segments", "text", "gazetteer"},
    "backends": {"build", "engine", "segments", "opensearch"},
    "cli": {
        "pipeline",
        "sources",
        "extract",
        "enrich",
        "text",
        "gazetteer",
        "segments",
        "build",
        "engine",
        "output",
        "backends",
        "web",
    },
}
# web/ and the CLI build, publish and reach a cluster only through the engine interface
# (search.backends): never an engine's writer or client. (The zone pages, feeds, exports,
# suggestions and `watch` still read the embedded index's Whoosh searcher.)
ENGINE_INSIDES = (
    "opensearchpy",
    "search.opensearch",
    "search.segments.writer",
    "search.build.update",
    "search.build.embedded",
)


def _part(module: str) -> str | None:
    """The part a dotted module name belongs to ('search.engine.lift' -> 'engine')."""
    bits = module.split(".")
    if bits[0] == "web":
        return "web"
    if bits[0] != "search" or len(bits) < 2:
        return None
    return bits[1]


def _imports(path: Path) -> set[str]:
    """Every module a file imports, at any depth (function bodies and TYPE_CHECKING too)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
    return found


def _module(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


LIBRARY = sorted((ROOT / "search").rglob("*.py"))


@pytest.mark.parametrize("path", LIBRARY, ids=lambda p: str(p.relative_to(ROOT)))
def test_library_imports_follow_the_rule(path: Path) -> None:
    own = _part(_module(path))
    if own == "__init__":
        return
    allowed = ALLOWED[own] | SPINE | {own}
    wrong = sorted(m for m in _imports(path) if (p := _part(m)) is not None and p not in allowed)
    assert not wrong, f"{path.relative_to(ROOT)} ({own}) imports {wrong}"


def test_web_imports_the_library_but_never_the_cli() -> None:
    for path in sorted((ROOT / "web").rglob("*.py")):
        assert "cli" not in {_part(m) for m in _imports(path)}, path


@pytest.mark.parametrize("folder", ["web", "search/cli"])
def test_web_and_cli_talk_only_to_the_engine_interface(folder: str) -> None:
    for path in sorted((ROOT / folder).rglob("*.py")):
        wrong = sorted(m for m in _imports(path) if m.startswith(ENGINE_INSIDES))
        assert not wrong, f"{path.relative_to(ROOT)} imports {wrong}: use search.backends"


def test_no_import_cycle_between_modules() -> None:
    modules = {_module(p).removesuffix(".__init__"): p for p in LIBRARY}
    graph = {m: {i for i in _imports(p) if i in modules and i != m} for m, p in modules.items()}
    state: dict[str, int] = {}

    def visit(m: str, trail: list[str]) -> None:
        state[m] = 1
        for n in graph[m]:
            if state.get(n) == 1:
                raise AssertionError("import cycle: " + " -> ".join([*trail, m, n]))
            if n not in state:
                visit(n, [*trail, m])
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m, [])


def test_every_part_has_a_docstring_only_init() -> None:
    for init in sorted((ROOT / "search").rglob("__init__.py")):
        tree = ast.parse(init.read_text(encoding="utf-8"))
        assert ast.get_docstring(tree), f"{init} has no docstring"
        assert len(tree.body) == 1, f"{init} holds code besides its docstring"
