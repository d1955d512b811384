"""A chunk's full-text field segmented and inverted in bulk, for the rebuild's workers.

text_postings (search.text.analysis) builds one document's postings in a Python loop over its
words, and invert (search.prepared) loops over them again to group a chunk by term: at
~800 words a document, that was most of a worker's analysis time. Here a chunk's texts are
cut, each token is looked up once in a TokenTable, and positions, sub-words, the grouping
by term and document, and the values are array operations over the whole chunk. The
result is the FieldRun invert builds from text_postings, posting for posting (tested).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from itertools import chain

import numpy as np

from search.segments.positions import encode_many
from search.segments.prepared import FieldRun, to_array
from search.text.analysis import TokenTable, index_tokens

# Distinct tokens a worker remembers before it starts a new table: ~700 bytes each with
# the term and sub-word caches behind them (measured), so a table stays under ~180 MB.
# (The benchmark corpus has ~15k distinct tokens; real news, with its names and numbers,
# many more.)
TABLE_LIMIT = 250_000


@lru_cache(maxsize=1)
def _table() -> TokenTable:
    return TokenTable()


def _current_table() -> TokenTable:
    if len(_table()) > TABLE_LIMIT:
        _table.cache_clear()
    return _table()


def _exclusive_cumsum(values: np.ndarray) -> np.ndarray:
    out = np.cumsum(values)
    out -= values
    return out


def text_run(
    texts: Sequence[str], *, boost: float, positions: bool
) -> tuple[FieldRun | None, np.ndarray]:
    """One field of a chunk ("" where a document has none): its postings grouped by term,
    and each document's length in words (TextPostings.length: sub-words not counted).

    positions: values are varint positions (VarintPositions); otherwise each value is
    the frequency, as Whoosh's Frequency format packs it. The run is None without terms.
    """
    table = _current_table()
    cuts = [index_tokens(text) if text else [] for text in texts]
    ntokens = np.fromiter(map(len, cuts), dtype=np.int64, count=len(cuts))
    tokens = np.fromiter(
        map(table.__getitem__, chain.from_iterable(cuts)), dtype=np.int64, count=ntokens.sum()
    )
    ndocs = len(texts)
    doc_of_token = np.repeat(np.arange(ndocs, dtype=np.int64), ntokens)
    # A token's position: how many tokens that take one come before it in its document.
    takes = np.frombuffer(table.takes_position, dtype=np.int8)[tokens].astype(np.int64)
    taken = _exclusive_cumsum(takes)
    position = taken - np.append(taken, takes.sum())[_exclusive_cumsum(ntokens)][doc_of_token]

    # Each token's terms (the word, then its sub-words), all at the token's position.
    count = np.frombuffer(table.count, dtype=np.int32)[tokens].astype(np.int64)
    first = np.frombuffer(table.first, dtype=np.int32)[tokens].astype(np.int64)
    total = int(count.sum())
    of_token = np.repeat(np.arange(tokens.size), count)
    within = np.arange(total) - np.repeat(_exclusive_cumsum(count), count)
    terms = np.frombuffer(table.flat, dtype=np.int32)[first[of_token] + within]
    docs = doc_of_token[of_token]
    lengths = np.bincount(doc_of_token[count > 0], minlength=ndocs)
    if not total:
        return None, lengths

    # Postings: one per (term, document), positions in order within each (stable sort).
    key = terms.astype(np.int64) * ndocs + docs
    order = np.argsort(key, kind="stable")
    key = key[order]
    starts_posting = np.ones(total, dtype=bool)
    np.not_equal(key[1:], key[:-1], out=starts_posting[1:])
    posting_starts = np.flatnonzero(starts_posting)
    freq = np.diff(np.append(posting_starts, total))
    posting_term, posting_doc = np.divmod(key[posting_starts], ndocs)
    if positions:
        values, sizes = encode_many(position[of_token][order], starts_posting)
    else:
        values, sizes = freq.astype(">u4").tobytes(), np.full(freq.size, 4)
    term_starts = np.flatnonzero(np.diff(posting_term, prepend=-1))
    return (
        FieldRun(
            terms=tuple(map(table.terms.__getitem__, posting_term[term_starts].tolist())),
            counts=to_array("I", np.diff(np.append(term_starts, posting_term.size))),
            ids=to_array("I", posting_doc),
            weights=to_array("f", freq * boost),
            sizes=to_array("I", sizes),
            values=values,
        ),
        lengths,
    )
