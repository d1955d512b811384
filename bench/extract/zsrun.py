"""Run one zonesearch tree's extraction over saved pages; print one JSON object per page.

Executed as a script in a subprocess, with PYTHONPATH naming the tree whose `search` package
is measured (this repository's, or one exported from a pinned commit by bench/extract/trees.py),
so that today's code is never copied into the repository. It uses only names that every
version has: search.sources.decode.decode, search.extract.html.extract_html,
search.pipeline.process and search.document.Raw.

    python bench/extract/zsrun.py extract|text|pipeline ROUNDS < paths.json
"""

from __future__ import annotations

import json
import sys
import time
from datetime import date


def _extract(paths: list[str], rounds: int) -> None:
    from search.document import Skip
    from search.extract.html import extract_html
    from search.sources.decode import decode

    texts = []
    for path in paths:
        with open(path, "rb") as f:
            decoded = decode(f.read())
        texts.append(getattr(decoded, "text", ""))
    times: list[list[float]] = [[] for _ in paths]
    results: list[object] = [None] * len(paths)
    for _ in range(rounds):
        for i, text in enumerate(texts):
            start = time.perf_counter()
            results[i] = extract_html(text)
            times[i].append(time.perf_counter() - start)
    for path, got, spent in zip(paths, results, times, strict=True):
        if isinstance(got, Skip):
            row = {"path": path, "refused": got.reason}
        else:
            published = got.published
            row = {
                "path": path,
                "title": got.title,
                "date": published.isoformat() if isinstance(published, date) else None,
                "body": got.body,
            }
        row["seconds"] = spent
        print(json.dumps(row, ensure_ascii=False), flush=True)


def _text(paths: list[str], rounds: int) -> None:
    from search.extract.text import extract_text
    from search.sources.decode import decode

    for path in paths:
        with open(path, "rb") as f:
            decoded = decode(f.read())
        got = extract_text(getattr(decoded, "text", ""))
        print(json.dumps({"path": path, "title": got.title}, ensure_ascii=False), flush=True)


def _pipeline(paths: list[str], rounds: int) -> None:
    from search.document import Raw
    from search.pipeline import process

    blobs = []
    for path in paths:
        with open(path, "rb") as f:
            blobs.append(f.read())
    for path, data in zip(paths, blobs, strict=True):
        spent = []
        for _ in range(rounds):
            start = time.perf_counter()
            process(Raw(uri=path, data=data, kind="html"))
            spent.append(time.perf_counter() - start)
        print(json.dumps({"path": path, "seconds": spent}), flush=True)


def main() -> None:
    import search

    mode, rounds = sys.argv[1], int(sys.argv[2])
    paths = json.load(sys.stdin)
    print(json.dumps({"search": search.__file__}), flush=True)
    {"extract": _extract, "text": _text, "pipeline": _pipeline}[mode](paths, rounds)


if __name__ == "__main__":
    main()
