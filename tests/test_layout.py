"""The library's parts import one another one way only, as README.md's layout section says."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SPINE = {"document", "processes"}  # imported by any part; import no part
# What each part may import besides the spine (search.document) and itself.
ALLOWED: dict[str, set[str]] = {
    "document": set(),
    "processes": set(),
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
# web/, the CLI and the outputs reach an engine only through its interface (search.backends):
# never an engine's writer, client, searcher or index files, so they work alike on both.
OPENSEARCH_INSIDES = ("opensearchpy", "search.opensearch")
WHOOSH_INSIDES = (
    "whoosh",
    "search.segments",  # the on-disk index (its record format, serialize, is every engine's)
    "search.build.update",
    "search.build.embedded",
    "search.engine.reader",
    "search.engine.readerdata",
    "search.engine.evaluate",
    "search.engine.matching",
    "search.engine.stats",
    # what takes a Whoosh searcher in search.engine.query
    "search.engine.query.search",
    "search.engine.query.every_hit",
    "search.engine.query.matching_documents",
    "search.engine.query.query_terms",
)
NOT_INSIDES = ("search.segments.serialize",)


def _within(module: str, names: tuple[str, ...]) -> bool:
    return any(module == n or module.startswith(n + ".") for n in names)


def _engine_insides(imported: set[str]) -> list[str]:
    """The modules (and names) of an engine's insides among these imports."""
    insides = (*OPENSEARCH_INSIDES, *WHOOSH_INSIDES)
    return sorted(m for m in imported if _within(m, insides) and not _within(m, NOT_INSIDES))


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


@pytest.mark.parametrize("folder", ["web", "search/cli", "search/output"])
def test_web_cli_and_outputs_talk_only_to_the_engine_interface(folder: str) -> None:
    for path in sorted((ROOT / folder).rglob("*.py")):
        wrong = _engine_insides(_imports(path))
        assert not wrong, f"{path.relative_to(ROOT)} imports {wrong}: use search.backends"


def test_the_interface_rule_catches_an_engines_insides() -> None:
    assert _engine_insides(
        {
            "whoosh.searching",
            "search.engine.reader.LiveIndex",
            "search.engine.query.search",
            "search.segments.generations.NoIndex",
            "opensearchpy",
        }
    ) == [
        "opensearchpy",
        "search.engine.query.search",
        "search.engine.reader.LiveIndex",
        "search.segments.generations.NoIndex",
        "whoosh.searching",
    ]
    allowed = {"search.engine.query.SearchRequest", "search.segments.serialize.inspect_dict"}
    assert _engine_insides(allowed | {"search.engine.query", "search.backends.interface"}) == []


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
