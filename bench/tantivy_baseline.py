"""The strong baseline: tantivy (its official Python bindings) over rjieba's words.

What a user could set up instead of zonesearch: the same documents and the same facet
values (bench/docs.py's export of what zonesearch extracted, given to it untimed), title
and body cut by rjieba in a process pool and indexed as whitespace-separated words with
positions (for phrases) and stored (for snippets); region, zone and year as fast fields,
counted by tantivy's terms aggregations. A query is cut the same way, every word ANDed
(title boosted 3×, as in zonesearch), a quoted phrase as a phrase query, facet selections
as term filters (scoring nothing); then the facet counts, and a snippet and a highlighted
title for each of the first 10 hits. The stored text is the words joined by spaces
(tantivy's bindings take no Python tokenizer), so a snippet has its spaces taken out again.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from multiprocessing import Pool
from pathlib import Path

import rjieba
import tantivy

from bench.docs import read
from bench.queries import BenchQuery

TOKENIZER = "jieba_words"
TITLE_BOOST = 3.0
FACET_SIZE = {"region": 50, "zone": 50, "year": 30}
WRITER_HEAP = 256_000_000
_WORD = re.compile(r'"([^"]*)"|(\S+)')


def analyser() -> tantivy.TextAnalyzer:
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace())
        .filter(tantivy.Filter.lowercase())
        .build()
    )


def schema() -> tantivy.Schema:
    b = tantivy.SchemaBuilder()
    b.add_text_field("id", stored=True, tokenizer_name="raw")
    b.add_text_field("title", stored=True, tokenizer_name=TOKENIZER)
    b.add_text_field("body", stored=True, tokenizer_name=TOKENIZER)
    b.add_text_field("published", stored=True, tokenizer_name="raw", index_option="basic")
    b.add_unsigned_field("year", indexed=True, fast=True)
    for name in ("region", "zone"):
        b.add_text_field(name, fast=True, tokenizer_name="raw", index_option="basic")
    return b.build()


def words(text: str) -> list[str]:
    """rjieba's words of text, whitespace dropped."""
    return [w for w in rjieba.cut(text) if not w.isspace()]


def _analysed(row: dict) -> dict:
    row["title"] = " ".join(words(row["title"]))
    row["text"] = " ".join(words(row["text"]))
    return row


def _open(folder: Path, create: bool) -> tantivy.Index:
    index = tantivy.Index(schema(), path=str(folder)) if create else tantivy.Index.open(str(folder))
    index.register_tokenizer(TOKENIZER, analyser())
    return index


def build(docs: Path, folder: Path, workers: int = 2) -> int:
    """Index the exported documents into a new index at folder; how many."""
    folder.mkdir(parents=True, exist_ok=True)
    index = _open(folder, create=True)
    writer = index.writer(WRITER_HEAP)
    n = 0
    with Pool(workers) as pool:
        for row in pool.imap(_analysed, read(docs), chunksize=64):
            doc = tantivy.Document(
                id=row["id"], title=row["title"], body=row["text"], published=row["published"]
            )
            if row["year"] is not None:
                doc.add_unsigned("year", int(row["year"]))
            for value in row["regions"]:
                doc.add_text("region", value)
            for value in row["zones"]:
                doc.add_text("zone", value)
            writer.add_document(doc)
            n += 1
    writer.commit()
    writer.wait_merging_threads()
    return n


def _spans(text: str) -> Iterator[tuple[bool, str]]:
    for m in _WORD.finditer(text):
        if m.group(1) is not None:
            yield True, m.group(1)
        else:
            yield False, m.group(2)


class Searcher:
    """The baseline's query side: the query, its facet counts, ten snippets."""

    def __init__(self, folder: Path) -> None:
        self.index = _open(folder, create=False)
        self.schema = self.index.schema
        self.searcher = self.index.searcher()

    def _either(self, parts: list[str], phrase: bool) -> tantivy.Query:
        """parts in the title or the body (as a phrase when phrase)."""
        clauses = []
        for field, boost in (("title", TITLE_BOOST), ("body", 1.0)):
            if phrase and len(parts) > 1:
                q = tantivy.Query.phrase_query(self.schema, field, parts)
            else:
                q = tantivy.Query.term_query(self.schema, field, parts[0])
            clauses.append((tantivy.Occur.Should, tantivy.Query.boost_query(q, boost)))
        return tantivy.Query.boolean_query(clauses)

    def query(self, q: BenchQuery) -> tantivy.Query:
        must: list[tantivy.Query] = []
        for quoted, span in _spans(q.text):
            toks = [w.lower() for w in words(span)]
            if not toks:
                continue
            if quoted:
                must.append(self._either(toks, phrase=True))
            else:
                must += [self._either([t], phrase=False) for t in toks]
        filters = [
            tantivy.Query.term_query(self.schema, name, value)
            for name, value in (("region", q.region), ("zone", q.zone))
            if value
        ]
        if q.year:
            filters.append(tantivy.Query.term_query(self.schema, "year", int(q.year)))
        scored = tantivy.Query.boolean_query([(tantivy.Occur.Must, c) for c in must])
        if not must:
            scored = tantivy.Query.all_query()
        if not filters:
            return scored
        return tantivy.Query.boolean_query(
            [(tantivy.Occur.Must, scored)]
            + [(tantivy.Occur.Must, tantivy.Query.const_score_query(f, 0.0)) for f in filters]
        )

    def run(self, q: BenchQuery) -> int:
        """Search, count the facets and highlight the first 10 hits; the total."""
        query = self.query(q)
        result = self.searcher.search(query, limit=10, count=True)
        aggs = {name: {"terms": {"field": name, "size": size}} for name, size in FACET_SIZE.items()}
        self.searcher.aggregate(query, aggs)
        if result.hits:
            body = tantivy.SnippetGenerator.create(self.searcher, query, self.schema, "body")
            title = tantivy.SnippetGenerator.create(self.searcher, query, self.schema, "title")
            for _score, address in result.hits:
                doc = self.searcher.doc(address)
                body.snippet_from_doc(doc).to_html().replace(" ", "")
                title.snippet_from_doc(doc).to_html().replace(" ", "")
        return result.count
