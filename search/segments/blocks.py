"""Whoosh 3 posting blocks, encoded term by term, in this process or in forked helpers.

A term's postings go to the postings file as Whoosh's W3 codec writes them: a magic
header, then blocks of up to 128 postings, each a length, a pickled info tuple and a
(usually zlib-compressed) pickle of the delta-coded ids, the weights and the values.

Encoding is most of the cost of finishing a segment, and when the last segment is
finished the pool's workers are idle, so the terms are cut into contiguous parts: the
writer encodes the first itself while forked helpers (sharing its memory, nothing
copied) encode the others into scratch files, which the writer then appends to the
postings file in order, shifting their offsets. Only the writer touches the index's
files. (Forking a process that has threads, as the pool's manager, is safe here
because a helper only encodes and writes its own files, then leaves with os._exit.)
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import sys
import tempfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from pickle import dump, dumps, load
from typing import Any

import numpy as np
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3TermInfo
from whoosh.filedb.structfile import StructFile
from whoosh.system import pack_long, unpack_long
from whoosh.util.numeric import length_to_byte

from search.processes import die_with_parent

BLOCK = 128  # postings a block, as Whoosh's W3Codec(blocklimit=128)
# zlib level of a large block (Whoosh uses 3): level 1 compresses our blocks almost as
# well and sooner. Smaller blocks are stored as they are (their header says so): zlib
# gains little on them and costs ~20 us a call. On 5000 benchmark documents, against
# level 3 from 64 bytes: postings 16.7 -> 19.3 MB, encoding 3.71 -> 3.32 s; storing every
# block raw would take 2.79 s and 28.2 MB.
COMPRESSION = 1
COMPRESS_FROM = 1024
_OFFSET = W3TermInfo._struct.size  # where a term info's postings offset is packed


@dataclass(frozen=True)
class SortedField:
    """One field's postings ordered by term, and where each term's run is."""

    prefix: bytes  # the field's id, packed: the first bytes of its terms' keys
    fixed: int | None  # the format's fixed value size (0: no values; None: variable)
    ids: np.ndarray
    weights: np.ndarray
    offsets: np.ndarray  # each value's start in values
    sizes: np.ndarray
    values: bytes
    lengths: np.ndarray | None  # each document's field length, as Whoosh reads it back


# (field, term bytes, first posting, postings)
Term = tuple[SortedField, bytes, int, int]


def encode(postfile: Any, terms: Sequence[Term]) -> list[tuple[bytes, bytes]]:
    """Write the terms' blocks to postfile; each term's key and W3TermInfo bytes."""
    out = []
    for field, btext, lo, n in terms:
        hi = lo + n
        ids = field.ids[lo:hi]
        values = None
        if field.fixed != 0:
            data = field.values
            spans = zip(field.offsets[lo:hi].tolist(), field.sizes[lo:hi].tolist(), strict=True)
            values = [data[o : o + z] for o, z in spans]
        info = write_postings(
            postfile,
            ids.tolist(),
            field.weights[lo:hi].tolist(),
            values,
            field.fixed,
            field.lengths[ids].tolist() if field.lengths is not None else None,
        )
        out.append((field.prefix + btext, info))
    return out


def encode_parallel(
    postfile: Any, terms: Sequence[Term], parts: int, scratch: Path
) -> list[tuple[bytes, bytes]]:
    """encode(), the terms cut into parts of about equal work, all but the first forked."""
    cuts = _cuts([n for _, _, _, n in terms], parts)
    if len(cuts) <= 2:
        return encode(postfile, terms)
    sys.stdout.flush()
    sys.stderr.flush()
    context = multiprocessing.get_context("fork")
    helpers = []
    try:
        for lo, hi in zip(cuts[1:-1], cuts[2:], strict=True):
            fd, name = tempfile.mkstemp(prefix="postings-", suffix=".tmp", dir=scratch)
            os.close(fd)
            helper = context.Process(target=_helper, args=(os.getpid(), terms[lo:hi], name))
            helper.start()
            helpers.append((helper, Path(name)))
        out = encode(postfile, terms[: cuts[1]])
        for helper, path in helpers:
            helper.join()
            if helper.exitcode != 0:
                raise RuntimeError(f"a postings encoder failed (exit code {helper.exitcode})")
            out += _append(postfile, path)
        return out
    finally:
        for helper, path in helpers:
            if helper.is_alive():
                helper.kill()
                helper.join()
            path.unlink(missing_ok=True)
            path.with_suffix(".keys").unlink(missing_ok=True)


def _cuts(counts: list[int], parts: int) -> list[int]:
    """Boundaries of up to `parts` contiguous runs of about equal work.

    Measured on the benchmark corpus: ~7 us a term and ~1.8 us a posting, so a term costs
    about 4 postings (5000 documents, two parts: 2.67 s and 2.70 s).
    """
    work = np.cumsum(np.asarray(counts, dtype=np.int64) + 4)
    if not work.size or parts <= 1:
        return [0, len(counts)]
    targets = work[-1] * np.arange(1, parts) / parts
    inner = np.searchsorted(work, targets).tolist()
    return sorted({0, *inner, len(counts)})


def _helper(parent: int, terms: Sequence[Term], name: str) -> None:
    die_with_parent(parent)  # a killed job must not leave its encoders running
    _encode_to_file(terms, name)


def _encode_to_file(terms: Sequence[Term], name: str) -> None:
    """In a forked helper: the terms' blocks to name, their keys and infos to name.keys."""
    path = Path(name)
    with path.open("wb") as f:
        infos = encode(StructFile(f), terms)
    with path.with_suffix(".keys").open("wb") as f:
        dump(infos, f, protocol=5)


def _append(postfile: Any, path: Path) -> list[tuple[bytes, bytes]]:
    """Copy a helper's blocks to the end of postfile; its term infos, offsets shifted."""
    postfile.flush()
    base = postfile.tell()
    with path.open("rb") as f:
        shutil.copyfileobj(f, postfile.file)
    with path.with_suffix(".keys").open("rb") as f:
        infos = load(f)
    return [(key, _shift(info, base)) for key, info in infos]


def _shift(info: bytes, base: int) -> bytes:
    (offset,) = unpack_long(info[_OFFSET : _OFFSET + 8])
    return info[:_OFFSET] + pack_long(offset + base) + info[_OFFSET + 8 :]


def write_postings(
    postfile: Any,
    ids: list[int],
    weights: list[float],
    values: list[bytes] | None,
    fixed: int | None,
    lengths: list[int] | None,
) -> bytes:
    """Write one term's blocks to the postings file; its W3TermInfo bytes."""
    info = W3TermInfo()
    info._weight = sum(weights)
    info._df = len(ids)
    info._minid, info._maxid = ids[0], ids[-1]
    start = postfile.tell()
    postfile.write(WHOOSH3_HEADER_MAGIC)
    minlen: int | None = None
    maxlen = 0
    for lo in range(0, len(ids), BLOCK):
        hi = lo + BLOCK
        bids = ids[lo:hi]
        bweights = weights[lo:hi]
        bmax = max(bweights)
        if lengths is not None:
            blens = lengths[lo:hi]
            bmin, bmaxlen = min(blens) or None, max(blens)
        else:
            bmin, bmaxlen = None, 0
        minlen = bmin if minlen is None else min(minlen, bmin or minlen)
        maxlen = max(maxlen, bmaxlen)
        info._maxweight = max(info._maxweight, bmax)
        data = (_mini_ids(bids), _mini_weights(bweights), _mini_values(values, lo, hi, fixed))
        databytes = _pickle(data)
        level = 0
        if len(databytes) >= COMPRESS_FROM:
            level, databytes = COMPRESSION, zlib.compress(databytes, COMPRESSION)
        header = (
            len(bids),
            bids[-1],
            bmax,
            level,
            length_to_byte(bmin),
            length_to_byte(bmaxlen),
        )
        infobytes = dumps(header, 2)
        size = len(infobytes) + len(databytes)
        postfile.write_int(-size if hi >= len(ids) else size)
        postfile.write(infobytes)
        postfile.write(databytes)
    info._minlength, info._maxlength = minlen, maxlen
    info.set_extent(start, postfile.tell() - start)
    return info.to_bytes()


def _pickle(data: tuple[object, ...]) -> bytes:
    """A block's data as a protocol 4 pickle without its frame.

    Whoosh pickles with protocol 2, where every bytes value becomes a call to
    _codecs.encode (~14 bytes and ~0.3 us each); protocol 4 writes it as a length and the
    bytes. A 128-posting block of body positions: 3456 -> 1186 bytes (678 compressed, not
    1672), and dumps and loads 8x faster. Whoosh's reader unpickles any protocol; a frame
    is optional, and 9 bytes of a small block.
    """
    pickled = dumps(data, 4)
    if pickled[2:3] == b"\x95":  # FRAME and its 8-byte length
        return pickled[:2] + pickled[11:]
    return pickled


def _mini_ids(ids: list[int]) -> tuple[int, ...]:
    return tuple(b - a for a, b in zip([0, *ids], ids, strict=False))


def _mini_weights(weights: list[float]) -> float | tuple[float, ...] | tuple[int, ...] | None:
    first = weights[0]
    if weights.count(first) == len(weights):
        return None if first == 1.0 else first  # a constant stays a float: Whoosh tests for one
    if all(w.is_integer() for w in weights):
        # term frequencies times a whole boost: pickled as ints they take 2 bytes, not 9
        return tuple(map(int, weights))
    return tuple(weights)


def _mini_values(
    values: list[bytes] | None, lo: int, hi: int, fixed: int | None
) -> tuple[bytes, ...] | bytes | None:
    if values is None:  # fixed size 0: the format keeps no values
        return None
    block = values[lo:hi]
    if fixed is None or fixed < 0:
        return tuple(block)
    return b"".join(block)
