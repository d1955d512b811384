"""A dump's lines are handed out under a cap a row; past it the row is Overlong, consumed."""

import io

import pytest

from search.sources.lines import Lines, Overlong, overlong_reason


def test_lines_under_the_cap_are_handed_out_and_counted():
    lines = Lines(io.StringIO("a\nbb\n"), cap=10)
    assert list(lines) == ["a\n", "bb\n"] and lines.read == 2 and lines.error is None


def test_a_row_past_the_cap_is_overlong_and_its_line_consumed():
    lines = Lines(io.StringIO("x" * 50 + '"q"\nnext\n'), cap=10)
    lines.start_row()
    with pytest.raises(Overlong) as e:
        next(lines)
    assert e.value.quotes == 2  # the quotes of the whole physical line, read past the cap
    lines.start_row()
    assert next(lines) == "next\n"
    assert overlong_reason(lines, 3) == "line 3: record over the 10-character cap, not read"


def test_lines_taken_by_a_row_can_be_read_again():
    lines = Lines(io.StringIO("a\nb\n"), cap=10)
    lines.start_row()
    first = [next(lines), next(lines)]
    lines.reread(first)
    assert list(lines) == ["a\n", "b\n"]


def test_a_broken_stream_ends_the_lines_with_its_reason():
    class Broken(io.StringIO):
        def readline(self, limit=-1):
            raise EOFError("Compressed file ended before the end-of-stream marker")

    lines = Lines(Broken(), cap=10)
    assert list(lines) == []
    assert lines.error == "Compressed file ended before the end-of-stream marker"
