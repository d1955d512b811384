"""A dump's physical lines read with a cap on each row, for the record readers (records.py).

A dump is other people's output: one row may be a gigabyte on one line, or a CSV field may
open a quote that never closes. Lines hands out physical lines, no more than its cap in
characters a row, raises Overlong past it (after consuming the rest of that line), and
stops where the stream breaks (a truncated .gz), saying why.
"""

from __future__ import annotations

import zlib
from typing import TextIO

# What a damaged gzip stream raises part-way: BadGzipFile (an OSError), EOFError, zlib.error.
STREAM_ERRORS = (OSError, EOFError, zlib.error)


class Overlong(Exception):
    """The row being read ran past the row cap; the rest of its physical line was consumed."""

    def __init__(self, quotes: int) -> None:
        super().__init__("row over the cap")
        self.quotes = quotes  # '"' characters the row had, to tell if it ended inside a quote


class Lines:
    """The file's physical lines, no more than `cap` characters a row, until the stream breaks
    (a truncated .gz): then they stop, and `error` says why.

    It remembers the lines the current row took so they can be read again (a CSV row
    broken by a stray quote), and counts the physical lines read.
    """

    def __init__(self, handle: TextIO, cap: int) -> None:
        self.handle = handle
        self.cap = cap
        self.pending: list[str] = []
        self.taken: list[str] = []
        self.size = 0  # characters the current row has taken
        self.read = 0  # physical lines read from the file
        self.error: str | None = None

    def start_row(self) -> None:
        self.taken = []
        self.size = 0

    def __iter__(self) -> Lines:
        return self

    def _readline(self, limit: int) -> str:
        if self.error is not None:
            return ""
        try:
            return self.handle.readline(limit)
        except STREAM_ERRORS as err:
            self.error = str(err) or type(err).__name__
            return ""

    def __next__(self) -> str:
        if self.pending:
            line = self.pending.pop()
        else:
            line = self._readline(self.cap - self.size + 1)
            if not line:
                raise StopIteration
            self.read += 1
        self.size += len(line)
        if self.size > self.cap:
            quotes = sum(t.count('"') for t in self.taken) + line.count('"')
            if not line.endswith(("\n", "\r")):
                quotes += self.drain()
            self.taken = []
            raise Overlong(quotes)
        self.taken.append(line)
        return line

    def drain(self) -> int:
        """Consume the rest of a physical line, a cap's worth at a time; its '"' count."""
        quotes = 0
        while chunk := self._readline(self.cap):
            quotes += chunk.count('"')
            if chunk.endswith(("\n", "\r")):
                break
        return quotes

    def skip_quoted(self) -> None:
        """Consume physical lines up to the one that closes an open quoted field."""
        while True:
            self.start_row()
            try:
                line = next(self)
            except StopIteration:
                return
            except Overlong as e:
                if e.quotes % 2:
                    return
                continue
            if line.count('"') % 2:
                return

    def reread(self, lines: list[str]) -> None:
        self.pending.extend(reversed(lines))


def overlong_reason(lines: Lines, line: int) -> str:
    return f"line {line}: record over the {lines.cap}-character cap, not read"
