"""The index of one generation: its analysis settings, its fields, and a Document's source.

Full text (title, body, source, place) is the pipeline's analysis (search.opensearch.tokens)
in whitespace-analysed text fields with positions; the regions an article is about (with
their ancestors, for the hierarchy), the regions it mentions, its zones, year, date and group
are keyword or numeric fields for filters, facets, sorting and folding; the stored record is
what hits and document pages are made from, with our own highlighter.
"""

from __future__ import annotations

from search.document import Document
from search.engine.bm25f import K1, B
from search.opensearch.tokens import encode
from search.opensearch.url import ClusterURL
from search.segments.schema import TITLE_BOOST, place_text
from search.segments.serialize import record_data

LAYOUT = "zonesearch-os-4"  # bumped when the fields change: update then rebuilds
TEXT_FIELDS = ("title", "body")
BOOSTS = {"title": TITLE_BOOST, "body": 1.0, "source": 1.0, "place": 1.0}
MAX_RESULT_WINDOW = 200_000
# BM25 as search.engine.bm25f has it: news items are short, so length counts less (b 0.5,
# not Lucene's 0.75).
SIMILARITY = {"default": {"type": "BM25", "k1": K1, "b": B}}
ANALYSIS = {
    "tokenizer": {"zs_whitespace": {"type": "whitespace", "max_token_length": 4096}},
    "filter": {
        "zs_subwords": {
            "type": "pattern_capture",
            "preserve_original": False,
            "patterns": ["([^|]+)"],
        },
        "zs_gaps": {"type": "stop", "stopwords": ["_"]},
    },
    "analyzer": {
        "zs_index": {
            "type": "custom",
            "tokenizer": "zs_whitespace",
            "filter": ["zs_subwords", "zs_gaps"],
        },
        "zs_query": {"type": "custom", "tokenizer": "zs_whitespace"},
    },
}
_TEXT = {"type": "text", "analyzer": "zs_index", "search_analyzer": "zs_query"}
_KEYWORD = {"type": "keyword"}
PROPERTIES = {
    "id": _KEYWORD,
    "title": _TEXT,
    "body": _TEXT,
    "source": {**_TEXT, "index_options": "freqs"},
    "place": {**_TEXT, "index_options": "freqs"},
    "region": _KEYWORD,  # the places an article is about, ancestors included (the facet)
    "mentions": _KEYWORD,  # every place it names, ancestors included (mentions:)
    "zone": _KEYWORD,
    "year": {"type": "integer"},
    "published": {"type": "date", "format": "strict_date"},
    "group": _KEYWORD,
    # The body's words of two or more characters, for one-character queries (园 → 园区 ...):
    # aggregated only, so column values without an inverted index.
    "words": {"type": "keyword", "index": False},
    # The title's words of two or more characters, for completions (frequent title words).
    "title_words": {"type": "keyword", "index": False},
    "record": {"type": "object", "enabled": False},
}
# Only the record and the facet values are kept in _source: the analysed text is indexed, not
# stored twice. (Updates clone an index, which keeps what is indexed.)
SOURCE_EXCLUDES = ["title", "body", "source", "place", "words", "title_words"]


def index_body(url: ClusterURL) -> dict[str, object]:
    """Settings and mappings of a new generation, built without replicas and refreshes."""
    return {
        "settings": {
            "index": {
                "number_of_shards": url.shards,
                "number_of_replicas": 0,
                "refresh_interval": "-1",
                "max_result_window": MAX_RESULT_WINDOW,
                "similarity": SIMILARITY,
            },
            "analysis": ANALYSIS,
        },
        "mappings": {
            "dynamic": "strict",
            "_meta": {"layout": LAYOUT, "state": "building"},
            "_source": {"excludes": SOURCE_EXCLUDES},
            "properties": PROPERTIES,
        },
    }


def source_of(doc: Document) -> dict[str, object]:
    """The fields a Document is indexed with (run in the build's workers)."""
    words: set[str] = set()
    title_words: set[str] = set()
    source: dict[str, object] = {
        "id": doc.id,
        "title": encode(doc.title or "", title_words),
        "body": encode(doc.text, words),
        "source": encode(doc.source or ""),
        "place": encode(place_text(doc)),
        "region": list(doc.regions_about),
        "mentions": list(doc.regions_mentioned),
        "zone": [z.name for z in doc.zones],
        "group": doc.group or doc.id,
        "words": sorted(words),
        "title_words": sorted(title_words),
        "record": record_data(doc),
    }
    if doc.year is not None:
        source["year"] = doc.year
    if doc.published is not None:
        source["published"] = doc.published.isoformat()
    return source


def prepare_batch(docs: list[Document]) -> list[dict[str, object]]:
    """A chunk of documents as bulk index actions (worker side)."""
    return [{"_id": d.id, "_source": source_of(d)} for d in docs]
