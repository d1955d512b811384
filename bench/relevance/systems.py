"""The three systems the judged set compares, each built once into bench/out/relevance/NAME.

- zonesearch: search.build.rebuild.rebuild over the corpus dumps, queried with
  search.engine.query.search, exactly as the CLI and the web app do;
- whoosh: the naive baseline of bench/baseline.py (its schema, jieba's ChineseAnalyzer and its
  title + body MultifieldParser), given each document's title and text;
- bm25s: plain BM25 (bm25s, default parameters) over the same analyzer's tokens of title + text.

A build is reused while its key (the corpus files, and the code that shapes that index) is
unchanged; built.json beside it records the key, the documents and the seconds it took.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

from bench.relevance.corpus import ROOT, BenchDoc, documents, sources, zonesearch_ids

OUT = ROOT / "bench" / "out" / "relevance"
NAMES = ("zonesearch", "whoosh", "bm25s")
# Bump when a baseline's build code below changes what its index holds.
BASELINE_VERSION = 1


class Ranker(Protocol):
    """A built system: the ids of its first k documents for a query, best first."""

    def top(self, query: str, k: int) -> list[str]: ...


def _digest(paths: Iterable[Path]) -> str:
    h = hashlib.sha1()
    for path in sorted(paths):
        h.update(str(path.relative_to(ROOT)).encode())  # the same in every checkout
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def _corpus_stamp() -> str:
    return ";".join(f"{p.name}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in sources())


def build_key(name: str) -> str:
    """What the cached index of a system depends on."""
    if name == "zonesearch":
        # The index is what search/ minus its query side (engine/, cli/) makes of the corpus:
        # the layout rule keeps build from importing engine.
        package = ROOT / "search"
        code = [
            p
            for p in package.rglob("*")
            if p.is_file()
            and p.suffix in (".py", ".json")
            and p.relative_to(package).parts[0] not in ("engine", "cli")
        ]
    else:
        code = [ROOT / "bench" / "baseline.py"]
    return f"{name}/v{BASELINE_VERSION}/{_digest(code)}/{_corpus_stamp()}"


# --- building ---------------------------------------------------------------------------


def _build_zonesearch(folder: Path) -> int:
    from search.build.rebuild import rebuild

    report = rebuild(sources(), folder)
    return report.indexed


def _build_whoosh(folder: Path) -> int:
    from whoosh import index as whoosh_index

    from bench.baseline import schema

    folder.mkdir(parents=True, exist_ok=True)
    ix = whoosh_index.create_in(str(folder), schema())
    writer = ix.writer()
    n = 0
    for doc in documents():
        fields: dict[str, object] = {"id": doc.id, "title": doc.title, "body": doc.text}
        if doc.published:
            fields["published"] = datetime.fromisoformat(doc.published)
            fields["year"] = int(doc.published[:4])
        writer.add_document(**fields)
        n += 1
    writer.commit()
    return n


def tokens(text: str) -> list[str]:
    """The naive baseline's analysis (jieba's ChineseAnalyzer), as a token list."""
    return [t.text for t in _analyzer()(text)]


_ANALYZER: list[Callable] = []


def _analyzer() -> Callable:
    if not _ANALYZER:
        from jieba.analyse import ChineseAnalyzer

        _ANALYZER.append(ChineseAnalyzer())
    return _ANALYZER[0]


def _doc_tokens(doc: BenchDoc) -> list[str]:
    return tokens(doc.title) + tokens(doc.text)


def _build_bm25s(folder: Path) -> int:
    import bm25s

    ids, corpus = [], []
    for doc in documents():
        ids.append(doc.id)
        corpus.append(_doc_tokens(doc))
    retriever = bm25s.BM25()
    retriever.index(corpus, show_progress=False)
    retriever.save(str(folder))
    (folder / "ids.json").write_text(json.dumps(ids), encoding="utf-8")
    return len(ids)


BUILDERS: dict[str, Callable[[Path], int]] = {
    "zonesearch": _build_zonesearch,
    "whoosh": _build_whoosh,
    "bm25s": _build_bm25s,
}


@dataclass(frozen=True)
class Built:
    """A system's cached index and how it was made."""

    name: str
    folder: Path
    documents: int
    seconds: float
    fresh: bool  # built in this run rather than reused


def ensure(name: str, rebuild: bool = False, log: Callable[[str], None] = print) -> Built:
    """The system's index, built now when missing, stale or asked for."""
    folder = OUT / name
    meta = folder / "built.json"
    key = build_key(name)
    if not rebuild and meta.is_file():
        info = json.loads(meta.read_text(encoding="utf-8"))
        if info.get("key") == key:
            return Built(name, folder, info["documents"], info["seconds"], fresh=False)
    log(f"building {name} into {folder} ...")
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    started = time.perf_counter()
    n = BUILDERS[name](folder)
    seconds = time.perf_counter() - started
    meta.write_text(json.dumps({"key": key, "documents": n, "seconds": round(seconds, 1)}))
    log(f"built {name}: {n} documents in {seconds:.0f} s")
    return Built(name, folder, n, seconds, fresh=True)


# --- querying ---------------------------------------------------------------------------


class Zonesearch:
    """zonesearch's search() on the cached generation; hit ids mapped to bench ids."""

    def __init__(self, folder: Path) -> None:
        from search.engine.reader import LiveIndex

        self.live = LiveIndex(folder)
        self.ids = zonesearch_ids()

    def top(self, query: str, k: int) -> list[str]:
        from search.engine.query import QueryError, SearchRequest, search

        with self.live.searcher() as searcher:
            try:
                result = search(searcher, SearchRequest(text=query, per_page=k))
            except QueryError:
                return []
        unknown = [h.id for h in result.hits if h.id not in self.ids]
        if unknown:
            raise RuntimeError(f"zonesearch returned ids outside the judged corpus: {unknown}")
        return [self.ids[h.id] for h in result.hits]


class Whoosh:
    """The naive baseline's parser and searcher, first k hits by its default scoring."""

    def __init__(self, folder: Path) -> None:
        from bench.baseline import Searcher

        self.baseline = Searcher(folder)

    def top(self, query: str, k: int) -> list[str]:
        parsed = self.baseline.parser.parse(query)
        hits = self.baseline.searcher.search(parsed, limit=k)
        return [hit["id"] for hit in hits]


class BM25S:
    """bm25s over the analyzer's tokens; documents scoring 0 are not results."""

    def __init__(self, folder: Path) -> None:
        import bm25s

        self.retriever = bm25s.BM25.load(str(folder))
        self.ids = json.loads((folder / "ids.json").read_text(encoding="utf-8"))

    def top(self, query: str, k: int) -> list[str]:
        import numpy as np

        words = [w for w in tokens(query.replace('"', " ")) if w in self.retriever.vocab_dict]
        if not words:
            return []
        scores = self.retriever.get_scores(words)
        order = np.lexsort((np.arange(len(scores)), -scores))[:k]  # ties: corpus order
        return [self.ids[i] for i in order if scores[i] > 0]


OPENERS: dict[str, Callable[[Path], Ranker]] = {
    "zonesearch": Zonesearch,
    "whoosh": Whoosh,
    "bm25s": BM25S,
}


# --- the same search on an OpenSearch cluster (optional) --------------------------------

OPENSEARCH = "opensearch"


class ClusterUnavailable(Exception):
    """No cluster answers at the URL given (the OpenSearch system is skipped)."""


class OpenSearchSystem:
    """zonesearch's own pipeline indexed into an OpenSearch cluster through its engine, queried
    through the engine interface as the CLI and the web app do; hit ids mapped to bench ids."""

    def __init__(self, url: str) -> None:
        from search.opensearch.engine import OpenSearchEngine

        self.engine = OpenSearchEngine(url)
        self.ids = zonesearch_ids()

    def top(self, query: str, k: int) -> list[str]:
        from search.engine.query import QueryError, SearchRequest

        with self.engine.view() as view:
            try:
                result = view.search(SearchRequest(text=query, per_page=k))
            except QueryError:
                return []
        return [self.ids[h.id] for h in result.hits if h.id in self.ids]


def ensure_opensearch(
    url: str, rebuild: bool = False, log: Callable[[str], None] = print
) -> tuple[Built, OpenSearchSystem]:
    """The corpus indexed at url (built when missing, of another layout, stale or asked for);
    ClusterUnavailable when no cluster answers there."""
    from search.backends.interface import EngineError
    from search.opensearch.mapping import LAYOUT

    folder = OUT / OPENSEARCH
    meta = folder / "built.json"
    key = f"{build_key('zonesearch')}/{LAYOUT}/{url}"
    try:
        system = OpenSearchSystem(url)
        has_index = system.engine.has_index()
    except EngineError as e:
        raise ClusterUnavailable(str(e)) from None
    if not rebuild and has_index and meta.is_file():
        info = json.loads(meta.read_text(encoding="utf-8"))
        if info.get("key") == key:
            return Built(OPENSEARCH, folder, info["documents"], info["seconds"], False), system
    log(f"building {OPENSEARCH} at {url} ...")
    folder.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    try:
        n = system.engine.rebuild(sources()).indexed
    except EngineError as e:
        raise ClusterUnavailable(str(e)) from None
    seconds = time.perf_counter() - started
    meta.write_text(json.dumps({"key": key, "documents": n, "seconds": round(seconds, 1)}))
    log(f"built {OPENSEARCH}: {n} documents in {seconds:.0f} s")
    return Built(OPENSEARCH, folder, n, seconds, fresh=True), system
