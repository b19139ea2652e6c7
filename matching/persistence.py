"""Saving a fitted Matcher (pickle or joblib) and loading it in another process.

Locks and caches are not saved (``Matcher.__getstate__``, ``Explainer.__getstate__``): a
loaded matcher starts with empty caches and its own lock. Documents and cooperations are
saved as columns (``PackedRecords``), so a saved matcher is a few large objects and
arrays: with pickle protocol 5 the arrays can live outside the pickle and be
memory-mapped when loaded (``app.index.snapshots``), and with joblib
``joblib.load(path, mmap_mode="c")`` maps them (copy-on-write) too.
"""

from collections.abc import Sequence
from dataclasses import fields

import numpy as np


class PackedRecords(Sequence):
    """Records of a frozen dataclass (Documents, Cooperations) kept as columns, the texts
    as UTF-8 in one byte array: saved and loaded as a few large objects instead of one
    object per record and per text (the bytes are stored beside the pickle, so a loaded
    snapshot maps them instead of holding a copy per process); a record is made again
    when it is read."""

    def __init__(self, record_type, records):
        self.record_type = record_type
        self.names = [f.name for f in fields(record_type)]
        self.texts = [n for n in self.names if n in TEXT_FIELDS]
        self.columns = {n: [getattr(r, n) for r in records] for n in self.names
                        if n not in self.texts}  # fmt: skip
        blob, offsets = bytearray(), [0]
        for record in records:
            for name in self.texts:
                blob += (getattr(record, name) or "").encode("utf-8")
                offsets.append(len(blob))
        self.blob = np.frombuffer(blob, np.uint8)
        self.offsets = np.array(offsets, np.int64)
        self.n = len(records)

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(self.n))]
        if i < 0:
            i += self.n
        if not 0 <= i < self.n:
            raise IndexError(i)
        record = object.__new__(self.record_type)
        for name in self.names:
            if name in self.columns:
                value = self.columns[name][i]
            else:
                k = i * len(self.texts) + self.texts.index(name)
                value = self.blob[self.offsets[k] : self.offsets[k + 1]].tobytes().decode()
            object.__setattr__(record, name, value)
        return record


TEXT_FIELDS = ("description", "needs", "offers", "text", "title")


def packed(records, record_type):
    """``records`` as PackedRecords (already packed ones as they are)."""
    if isinstance(records, PackedRecords):
        return records
    return PackedRecords(record_type, list(records))
