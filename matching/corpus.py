"""The documents a matcher ranks: a base segment, as fitted or last compacted, and an
overlay segment of the documents changed since, rankable at once.

``change`` (updates and removals) touches the overlay only (and marks base rows dead); ``compact``
folds the overlay into the base, keeping the fitted vocabulary: no text is encoded again.
"""

import copy

import numpy as np
import scipy.sparse as sp

from matching.segments import Encoded, Segment, encode, encode_one


class Corpus:
    """Segments of documents encoded with one fitted ``TextEncoder``.

    Parameters
    ----------
    docs : list of Document
    encoder : TextEncoder (fitted)
    theme_index : dict of str to int
    history : History or None
        Each row is pointed at its member column in it (``Segment.attach``).
    inverted_up_to : int
        Segments of at most this many documents are scored through column access; larger
        ones through a shortlist (``Matcher.shortlist_size``).
    compact_weights_from : int or None
        Segments of this many documents or more keep their text rows with 16-bit weights
        (``matching.quantized``); None: never.
    """

    def __init__(self, docs, encoder, theme_index, history, inverted_up_to,
                 compact_weights_from):  # fmt: skip
        self.encoder, self.theme_index, self.history = encoder, theme_index, history
        self.inverted_up_to = inverted_up_to
        self.compact_weights_from = compact_weights_from
        compact = self._compact_weights(len(docs))
        self.base = self._segment(docs, encode(encoder, docs, quantized=compact))
        self.overlay = {}  # id → (Document, Encoded): changed since the base was built
        self.overlay_segment = None

    def _compact_weights(self, n):
        return self.compact_weights_from is not None and n >= self.compact_weights_from

    def _segment(self, docs, encoded, overlay=False):
        segment = Segment(
            docs, encoded, self.theme_index,
            inverted=overlay or len(docs) <= self.inverted_up_to,
            quantized=not overlay and self._compact_weights(len(docs)),
        )  # fmt: skip
        segment.attach(self.history)
        return segment

    # -- reading --------------------------------------------------------------------------
    def segments(self):
        """The segments that hold documents (base, then overlay)."""
        return [s for s in (self.base, self.overlay_segment) if s is not None and len(s)]

    def documents(self):
        """The documents ranked now (as fitted, with updates and removals)."""
        return [
            doc
            for segment in self.segments()
            for doc, alive in zip(segment.docs, segment.alive, strict=True)
            if alive
        ]

    def __len__(self):
        return int(self.base.alive.sum()) + len(self.overlay)

    @property
    def pending(self):
        """Documents changed since the base was built (the overlay's size)."""
        return len(self.overlay)

    # -- changing -------------------------------------------------------------------------
    def change(self, updated=(), removed=()):
        """Add or replace the ``updated`` documents (encoded with the fitted vocabulary:
        words it never saw are ignored until the next fit) and forget the ``removed`` ids
        (unknown ones are ignored), then rebuild the overlay once: the cost of a rebuild
        grows with the overlay, so a worker catching up on many changes makes one, not one
        per change."""
        for doc_id in removed:
            self._retire(doc_id)
            self.overlay.pop(doc_id, None)
        for document in updated:
            self._retire(document.id)
            self.overlay.pop(document.id, None)
            self.overlay[document.id] = (document, encode_one(self.encoder, document))
        self._rebuild_overlay()

    def _retire(self, doc_id):
        row = self.base.row_of.get(doc_id)
        if row is not None:
            self.base.alive[row] = False

    def _rebuild_overlay(self):
        # Rebuilt from rows encoded once, so an update is rankable at once.
        self.overlay_segment = None
        if self.overlay:
            docs = [doc for doc, _ in self.overlay.values()]
            self.overlay_segment = self._segment(
                docs, _stacked([enc for _, enc in self.overlay.values()]), overlay=True
            )

    def compact(self):
        """Fold the overlay into the base (a copy of the sparse rows and the per-document
        arrays; nothing is encoded again)."""
        alive = np.flatnonzero(self.base.alive)
        docs = [self.base.docs[row] for row in alive]
        parts = [self.base.encoded_rows(alive)]
        if self.overlay_segment is not None:
            docs.extend(self.overlay_segment.docs)
            parts.append(self.overlay_segment.encoded_rows())
        self.base = self._segment(docs, _stacked(parts))
        self.overlay = {}
        self.overlay_segment = None

    def fork(self):
        """A corpus sharing this one's segments that takes its own updates."""
        clone = copy.copy(self)
        clone.base = copy.copy(self.base)
        clone.base.alive = self.base.alive.copy()
        clone.overlay = dict(self.overlay)
        return clone


def _stacked(parts):
    """One ``Encoded`` of several, rows in order."""
    return Encoded(
        *(sp.vstack([getattr(p, name) for p in parts], format="csr")
          for name in ("D", "N", "O", "W")),
        [lang for p in parts for lang in p.languages],
    )  # fmt: skip
