"""Documents parked on disk between the pipeline and the writer, so memory stays flat.

Near-duplicate groups can only be assigned once every fingerprint is known, so the
documents wait somewhere between the two passes; at 100k documents that is over a gigabyte
of Python objects, hence a temporary pickle stream read back in order.
"""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Iterator
from typing import IO

from search.document import Document


class Spool:
    """Append documents, then iterate them back in order (any number of times)."""

    def __init__(self) -> None:
        self._file: IO[bytes] = tempfile.TemporaryFile(prefix="zonesearch-spool-")
        self.uris: list[str] = []
        self.ids: list[str] = []

    def append(self, doc: Document) -> None:
        pickle.dump(doc, self._file, protocol=pickle.HIGHEST_PROTOCOL)
        self.uris.append(doc.uri)
        self.ids.append(doc.id)

    def __len__(self) -> int:
        return len(self.uris)

    def __iter__(self) -> Iterator[Document]:
        self._file.flush()
        self._file.seek(0)
        for _ in range(len(self.uris)):
            yield pickle.load(self._file)
        self._file.seek(0, 2)

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> Spool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
