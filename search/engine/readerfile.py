"""A generation's reader data (search.engine.readerdata) saved in its folder, loaded in ms.

The job that writes a generation saves the arrays before publishing it, so the first query
on it reads one file instead of every document's columns. The file holds whatever the
dataclass holds, field by field: its public fields, and the per-field arrays (a dict of
str to ndarray) a warm-up filled; query-time caches are made afresh. load() answers None,
saying why at debug level, when the file is missing, was written by other code, belongs
to other segments (an update's copy of its parent) or cannot be read: the caller then
builds the arrays from the index, as without the file.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import typing
from functools import lru_cache
from pathlib import Path

import numpy as np
import whoosh

import search.segments
from search.segments.checksums import READER_DATA

FILE = READER_DATA  # not checksummed: a damaged one is built again (fingerprint below)
LAYOUT = 1  # this module's way of laying a dataclass out in the file
_META = "__meta__"
_LEXICON = "__lexicon__"
_SEP = "\0"

Lexicon = list[tuple[str, int]]  # a field's terms and their document frequencies, sorted

log = logging.getLogger(__name__)
T = typing.TypeVar("T")


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """What the saved arrays depend on besides the generation: this layout, the libraries
    and the code that derives them. Any change to the engine's or the on-disk index's
    source makes old files stale, so a rule can change without anyone bumping a version;
    a stale file only costs the build it would have saved."""
    h = hashlib.sha256(f"{LAYOUT} {np.__version__} {whoosh.versionstring()}".encode())
    for part in (Path(__file__).parent, Path(search.segments.__file__).parent):
        for source in sorted(part.glob("*.py")):
            h.update(source.name.encode())
            h.update(source.read_bytes())
    return h.hexdigest()


def _plain(key: object) -> object:
    """A reader's key as JSON gives it back (tuples as lists)."""
    return json.loads(json.dumps(key))


def save(
    folder: Path, key: object, data: object, lexicons: typing.Mapping[str, Lexicon] | None = None
) -> Path:
    """Write data (a dataclass) for the reader identified by key into folder, atomically,
    with the lexicons given (by field name)."""
    arrays: dict[str, np.ndarray] = {}
    fields = _flatten(data, "", arrays)
    return _write(Path(folder) / FILE, key, arrays, lexicons or {}, fields)


def save_segment_lexicon(path: Path, key: object, fieldname: str, lexicon: Lexicon) -> None:
    """Write one segment's lexicon of one field at path, for the segment identified by key."""
    _write(path, key, {}, {fieldname: lexicon}, {})


def segment_lexicon(path: Path, key: object, fieldname: str) -> Lexicon | None:
    """The lexicon save_segment_lexicon wrote at path for this segment and code, else None."""
    try:
        with np.load(path, allow_pickle=False) as z:  # one open: meta and lexicon
            meta = _meta(path, z, key)
            if meta is None or fieldname not in meta.get("lexicons", ()):
                return None
            return _lexicon(z, fieldname)
    except Exception:  # noqa: BLE001 - missing or damaged: the lexicon is read from the index
        return None


def _write(
    path: Path,
    key: object,
    arrays: dict[str, np.ndarray],
    lexicons: typing.Mapping[str, Lexicon],
    fields: dict[str, object],
) -> Path:
    for name, lexicon in lexicons.items():
        joined = _SEP.join(term for term, _ in lexicon).encode("utf-8", "surrogatepass")
        arrays[f"{_LEXICON}[{name}].terms"] = np.frombuffer(joined, dtype=np.uint8)
        arrays[f"{_LEXICON}[{name}].df"] = np.fromiter(
            (df for _, df in lexicon), dtype=np.int64, count=len(lexicon)
        )
    meta = {
        "fingerprint": fingerprint(),
        "key": _plain(key),
        "fields": fields,
        "lexicons": sorted(lexicons),
    }
    arrays[_META] = np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8)
    tmp = path.with_name(f"{path.name}.tmp-{os.getpid()}")
    try:
        with tmp.open("wb") as f:
            np.savez(f, **arrays)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def load(folder: Path, key: object, cls: type[T]) -> T | None:
    """The data saved in folder for the reader identified by key, or None (reason logged)."""
    path = Path(folder) / FILE
    if not path.is_file():
        log.debug("no saved reader data at %s: building it", path)
        return None
    try:
        with np.load(path, allow_pickle=False) as z:
            meta = _meta(path, z, key)
            return None if meta is None else _build(cls, "", meta["fields"], z)
    except Exception as e:  # noqa: BLE001 - any damage means: build the arrays instead
        log.debug("reader data at %s cannot be read (%s: %s): building it", path, type(e), e)
        return None


@dataclasses.dataclass(frozen=True)
class SavedLexicons:
    """The lexicons saved in a generation's reader data file, each read when first asked for."""

    path: Path
    fields: frozenset[str]

    def get(self, fieldname: str) -> Lexicon | None:
        """The field's saved lexicon, or None (not saved, or the file is damaged: build it)."""
        if fieldname not in self.fields:
            return None
        try:
            with np.load(self.path, allow_pickle=False) as z:
                return _lexicon(z, fieldname)
        except Exception as e:  # noqa: BLE001 - any damage means: build the lexicon instead
            log.debug("lexicon %s at %s cannot be read (%s): building it", fieldname, self.path, e)
            return None


def _lexicon(z: typing.Any, fieldname: str) -> Lexicon:
    """The field's lexicon in an open file (ValueError when its two arrays disagree)."""
    name = f"{_LEXICON}[{fieldname}]"
    raw = z[f"{name}.terms"].tobytes().decode("utf-8", "surrogatepass")
    df = z[f"{name}.df"]
    terms = raw.split(_SEP) if raw else []
    if len(terms) != len(df):
        raise ValueError(f"{len(terms)} terms, {len(df)} frequencies")
    return list(zip(terms, df.tolist(), strict=True))


def lexicons(folder: Path, key: object) -> SavedLexicons | None:
    """The lexicons saved in folder for the reader identified by key (None when there are
    none, or the file is stale, for other segments or unreadable)."""
    path = Path(folder) / FILE
    try:
        with np.load(path, allow_pickle=False) as z:
            meta = _meta(path, z, key)
    except Exception:  # noqa: BLE001 - missing or damaged: the lexicons are built
        return None
    if meta is None or not meta.get("lexicons"):
        return None
    return SavedLexicons(path, frozenset(meta["lexicons"]))


def _meta(path: Path, z: typing.Any, key: object) -> dict | None:
    """The file's meta data when it was saved by this code for this reader, else None."""
    meta = json.loads(z[_META].tobytes())
    if meta.get("fingerprint") != fingerprint():
        log.debug("reader data at %s was saved by other code: building it", path)
        return None
    if meta.get("key") != _plain(key):
        log.debug("reader data at %s is for other segments: building it", path)
        return None
    return meta


def _flatten(obj: object, prefix: str, arrays: dict[str, np.ndarray]) -> dict[str, object]:
    """obj's fields into arrays (named prefix + field); per field, how to read it back."""
    kinds: dict[str, object] = {}
    for f in dataclasses.fields(obj):  # type: ignore[arg-type]
        value, name = getattr(obj, f.name), prefix + f.name
        if f.name.startswith("_"):
            if _arrays_by_name(value):
                kinds[f.name] = ["arrays", list(value)]
                for k, v in value.items():
                    arrays[f"{name}[{k}]"] = v
            continue  # a cache of query-time results: made afresh
        if isinstance(value, np.ndarray):
            kinds[f.name], arrays[name] = "array", value
        elif isinstance(value, bool | int | float | str):
            kinds[f.name] = ["value", value]
        elif isinstance(value, list) and all(isinstance(s, str) for s in value):
            joined = _SEP.join(value).encode("utf-8", "surrogatepass")
            kinds[f.name] = ["strings", len(value)]
            arrays[name] = np.frombuffer(joined, dtype=np.uint8)
        elif dataclasses.is_dataclass(value):
            kinds[f.name] = ["dataclass", _flatten(value, name + ".", arrays)]
        else:
            raise TypeError(f"cannot save {name}: {type(value).__name__}")
    return kinds


def _arrays_by_name(value: object) -> bool:
    return (
        isinstance(value, dict)
        and bool(value)
        and all(isinstance(k, str) and isinstance(v, np.ndarray) for k, v in value.items())
    )


def _build(cls: type[T], prefix: str, kinds: dict[str, object], z: typing.Any) -> T:
    hints = typing.get_type_hints(cls)
    kwargs: dict[str, object] = {}
    for name, kind in kinds.items():
        tag, arg = (kind, None) if isinstance(kind, str) else kind
        key = prefix + name
        if tag == "array":
            kwargs[name] = z[key]
        elif tag == "value":
            kwargs[name] = arg
        elif tag == "strings":
            raw = z[key].tobytes().decode("utf-8", "surrogatepass")
            got = raw.split(_SEP) if arg else []
            if len(got) != arg:
                raise ValueError(f"{key}: {len(got)} strings, {arg} saved")
            kwargs[name] = got
        elif tag == "dataclass":
            kwargs[name] = _build(hints[name], key + ".", arg, z)  # type: ignore[arg-type]
        elif tag == "arrays":
            kwargs[name] = {k: z[f"{key}[{k}]"] for k in arg}  # type: ignore[union-attr]
        else:
            raise ValueError(f"{key}: unknown kind {tag!r}")
    return cls(**kwargs)
