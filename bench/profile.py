"""Where a rebuild's CPU goes, stage by stage, on real documents (one process, no pool).

    python -m bench.profile [SOURCE] [--every K]

Reads SOURCE (default: the xwlb news items) through the same reader as a rebuild, takes
every K-th input, and runs each stage of the pipeline, the analysis and the writing by
itself over all of them, timing each with CPU time: read; decode and extract; normalise
(script, content hash, SimHash); region, year and zone finding; the per-document values
(facet line, stored record); analysis into postings (prepare_batch); the transport a
pooled rebuild pays (each chunk's batch and outcomes pickled out of a worker and back: the
one-pass rebuild's only traffic); and writing the generation as the rebuild does, batch by
batch, the groups filled in last. Prints CPU seconds per stage and per document.
"""

from __future__ import annotations

import argparse
import pickle
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from bench.corpus import SHARED

T = TypeVar("T")
XWLB = SHARED / "corpus" / "xwlb" / "xwlb.jsonl.gz"


class Stages:
    """CPU seconds per stage, in the order stages were first timed."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    def run(self, name: str, fn: Callable[..., T], *args: Any) -> T:
        started = time.process_time()
        out = fn(*args)
        self.seconds[name] = self.seconds.get(name, 0.0) + time.process_time() - started
        return out

    def each(self, name: str, fn: Callable[[Any], T], items: Iterable[Any]) -> list[T]:
        return self.run(name, lambda: [fn(x) for x in items])

    def table(self, documents: int) -> str:
        total = sum(self.seconds.values())
        lines = [f"{'stage':34}{'CPU s':>9}{'ms/doc':>9}{'share':>8}"]
        for name, s in self.seconds.items():
            lines.append(f"{name:34}{s:9.2f}{1000 * s / documents:9.3f}{s / total:8.1%}")
        lines.append(f"{'total':34}{total:9.2f}{1000 * total / documents:9.3f}")
        return "\n".join(lines)


def profile(source: Path, every: int) -> tuple[Stages, int]:
    """Every stage over every every-th input of source; the stages and the documents."""
    from search import pipeline as p
    from search.build.embedded import EmbeddedTarget
    from search.build.rebuild import Analysed, BuildOptions, Found, Outcome, warm
    from search.document import Raw
    from search.enrich.dedup import assign_groups
    from search.segments.schema import with_group
    from search.segments.writer import StreamingGeneration, prepare_batch
    from search.sources.resolve import iter_sources

    warm(BuildOptions(), EmbeddedTarget(Path(tempfile.gettempdir())))
    st = Stages()

    def read() -> list[Raw]:
        return [r for i, r in enumerate(iter_sources([source])) if i % every == 0]

    raws = [r for r in st.run("read (records, gzip, json)", read) if isinstance(r, Raw)]

    def extracted(raw: Raw) -> tuple[Raw, Any, Any, Any] | None:
        decoded = p.decode_stage(raw)
        if not hasattr(decoded, "text"):
            return None
        kind = raw.kind or p.sniff_kind(decoded.text)
        ex = p.extract_stage(raw, decoded, kind)
        return None if not hasattr(ex, "body") else (raw, decoded, kind, ex)

    stage1 = [x for x in st.each("decode + extract", extracted, raws) if x]
    docs = st.each("document", lambda x: p.document_stage(*x), stage1)
    docs = [d for d in docs if d.text.strip()]
    docs = st.each("normalise (script, hash, simhash)", p.normalise_stage, docs)
    from search.enrich.region import find_regions
    from search.enrich.year import infer_year
    from search.enrich.zones import find_zones

    regions = st.each("enrich: regions", lambda d: find_regions(d.title, d.text), docs)
    years = st.each("enrich: year", lambda d: infer_year(d.published, d.title, d.text), docs)
    zones = st.each("enrich: zones", lambda d: find_zones(d.title, d.text), docs)
    docs = [
        replace(
            d,
            region=r.primary,
            regions=r.about,
            regions_about=r.about,
            regions_mentioned=r.mentioned,
            year=y[0],
            year_basis=y[1],
            zones=z,
        )
        for d, r, y, z in zip(docs, regions, years, zones, strict=True)
    ]
    groups = st.run("dedup groups", assign_groups, [(d.id, d.fingerprint) for d in docs])
    doc_chunks = [docs[i : i + 64] for i in range(0, len(docs), 64)]
    batches = st.each("analyse (prepare_batch)", prepare_batch, doc_chunks)
    chunks = [
        Analysed(
            [Outcome("root", d.uri, "hash", 0, Found(d.id, d.uri, "h", 0)) for d in c], b, 0, 0
        )
        for c, b in zip(doc_chunks, batches, strict=True)
    ]
    out_of_workers = "transport: chunks out of the workers"
    st.each(out_of_workers, lambda c: pickle.loads(pickle.dumps(c)), chunks)

    def write(path: Path) -> int:
        out = StreamingGeneration(path)
        for batch in batches:
            out.add(batch)
        return out.finish(partial(with_group, groups=groups))

    with tempfile.TemporaryDirectory() as tmp:
        st.run("write (segments, one process)", write, Path(tmp))
    return st, len(docs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", type=Path, default=XWLB)
    parser.add_argument("--every", type=int, default=1, metavar="K")
    args = parser.parse_args()
    if not args.source.exists():
        raise SystemExit(f"profiling needs {args.source}, which is missing")
    started = time.perf_counter()
    st, n = profile(args.source, args.every)
    print(f"{n:,} documents from {args.source.name} (every {args.every}th input), one process")
    print(st.table(n))
    print(f"wall {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
