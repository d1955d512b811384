"""Reading FieldRuns back in tests, whatever order they hold their terms in."""

from __future__ import annotations

from search.segments.prepared import Batch, FieldRun

Postings = dict[bytes, list[tuple[int, float, bytes]]]


def postings_of(run: FieldRun | None) -> Postings:
    """term → [(docnum, weight, value)] of a run (checking its arrays add up)."""
    out: Postings = {}
    if run is None:
        return out
    lo = vo = 0
    for term, n in zip(run.terms, run.counts, strict=True):
        items = []
        for k in range(lo, lo + n):
            items.append((run.ids[k], run.weights[k], run.values[vo : vo + run.sizes[k]]))
            vo += run.sizes[k]
        out[term] = items
        lo += n
    assert lo == len(run.ids) == len(run.weights) == len(run.sizes) and vo == len(run.values)
    return out


def batch_postings(batch: Batch) -> dict[str, Postings]:
    """postings_of each field of a batch."""
    return {name: postings_of(run) for name, run in batch.fields}
