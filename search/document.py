"""The records that flow through the pipeline: Raw bytes in, a Document or a Skip out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

Script = Literal["hans", "hant"]
# Where the year comes from: the published date; else the title, the lead dating what it
# reports (2024年3月5日), or a reporting phrase (截至2024年6月底). "inferred" is kept for
# records written before these bases existed.
YearBasis = Literal["published", "title", "lead", "reporting", "inferred"]
Kind = Literal["text", "html"]
Level = Literal["国家级", "省级"]


@dataclass(frozen=True)
class Raw:
    """Bytes as a source delivered them, with whatever the source knew about them."""

    uri: str
    data: bytes
    kind: Kind | None = None  # from the extension or a record column; None = sniff
    content_type: str | None = None  # HTTP Content-Type header of a fetched page
    title: str | None = None  # given by a record dump column
    published: str | None = None  # given by a record dump column, as written there
    url: str | None = None  # the original web address, when known
    text: str | None = None  # already-decoded text (record dumps); data is then its UTF-8


@dataclass(frozen=True)
class Skip:
    """An input that produced no document, and why."""

    uri: str
    reason: str


@dataclass(frozen=True)
class Zone:
    """A development zone mentioned in a document, under its canonical name."""

    name: str
    level: Level | None  # None: not in the 2018 catalogue
    type: str | None
    mentions: tuple[str, ...]
    province: str | None = None
    city: str | None = None


@dataclass(frozen=True)
class Document:
    """One article, as far as the pipeline has got with it."""

    id: str
    uri: str
    encoding: str | None = None
    encoding_reason: str | None = None
    kind: Kind = "text"
    url: str | None = None
    script: Script = "hans"
    title: str | None = None
    published: date | None = None
    source: str | None = None
    text: str = ""  # the cleaned body, in the document's own script
    removed: tuple[str, ...] = ()  # boilerplate lines and spans taken out of the body
    year: int | None = None
    year_basis: YearBasis | None = None
    region: str | None = None  # primary region path 省/市[/县]; None unless one dominates
    regions: tuple[str, ...] = ()  # = regions_about, the name the JSON contracts use
    regions_about: tuple[str, ...] = ()  # what the article is about, ancestors included
    regions_mentioned: tuple[str, ...] = ()  # every place it names, ancestors included
    zones: tuple[Zone, ...] = ()
    content_hash: str = ""  # sha1 of the normalised title and text
    fingerprint: int = 0  # 64-bit SimHash of the normalised text, for near-duplicates
    group: str | None = None  # near-duplicate group id, set when a corpus is indexed

    def __post_init__(self) -> None:
        # regions is regions_about under the contracts' name: given either, both hold it;
        # every place an article is about is one it names.
        about = self.regions_about or self.regions
        object.__setattr__(self, "regions", about)
        object.__setattr__(self, "regions_about", about)
        if not self.regions_mentioned and about:
            object.__setattr__(self, "regions_mentioned", about)
