"""Incremental updates of a fitted Matcher: add, change and remove documents without a refit.

Changed documents live in a small overlay segment, encoded with the fitted vocabulary, until
``compact`` folds them into the base segment.
"""

import numpy as np
import scipy.sparse as sp

from matching.documents import Document
from matching.segments import Encoded, Segment, encode_one


class IncrementalMixin:
    """``Matcher.update``, ``remove`` and ``compact``."""

    # -- incremental updates --------------------------------------------------------------
    def update(self, document):
        """Add a document, or replace the one with the same id, without refitting.

        The new text is encoded with the fitted vocabulary (words it never saw are
        ignored until the next ``fit``).
        """
        self._check_fitted()
        if not isinstance(document, Document):
            raise ValueError("update takes a matching.Document")
        self.weights_.check_themes(document.themes)
        self._retire(document.id)
        self._overlay.pop(document.id, None)
        self._overlay[document.id] = (document, encode_one(self.encoder_, document))
        self._after_overlay_change()
        return self

    def remove(self, doc_id):
        """Forget a document; unknown ids are ignored."""
        self._check_fitted()
        self._retire(doc_id)
        self._overlay.pop(doc_id, None)
        self._after_overlay_change()
        return self

    @property
    def pending_updates(self):
        """Documents changed since the last fit or compaction (the overlay's size)."""
        return len(self._overlay)

    def _retire(self, doc_id):
        row = self._base.row_of.get(doc_id)
        if row is not None:
            self._base.alive[row] = False

    def _after_overlay_change(self):
        with self._lock:
            self._query_cache.clear()
        self.n_documents_ = int(self._base.alive.sum()) + len(self._overlay)
        if self.compact_every is not None and len(self._overlay) >= self.compact_every:
            self.compact()
            return
        # The overlay is rebuilt from rows encoded once, so an update is rankable at once.
        self._overlay_segment = None
        if self._overlay:
            docs = [doc for doc, _ in self._overlay.values()]
            rows = [enc for _, enc in self._overlay.values()]
            encoded = Encoded(
                *(
                    sp.vstack([getattr(r, name) for r in rows], format="csr")
                    for name in ("D", "N", "O", "W")
                ),
                [lang for r in rows for lang in r.languages],
            )
            self._overlay_segment = Segment(docs, encoded, self.theme_index_, inverted=True)
            self._overlay_segment.attach(self.history_)

    def compact(self):
        """Fold the overlay into the base segment, keeping the fitted vocabulary.

        Re-uses the rows every document was encoded into (no text is encoded again), so it
        costs a copy of the sparse rows and the segment's per-document arrays.
        """
        self._check_fitted()
        alive = np.flatnonzero(self._base.alive)
        docs = [self._base.docs[row] for row in alive]
        parts = [self._base.encoded_rows(alive)]
        if self._overlay_segment is not None:
            docs.extend(self._overlay_segment.docs)
            parts.append(self._overlay_segment.encoded_rows())
        encoded = Encoded(
            *(
                sp.vstack([getattr(p, name) for p in parts], format="csr")
                for name in ("D", "N", "O", "W")
            ),
            [lang for p in parts for lang in p.languages],
        )
        self._base = Segment(
            docs, encoded, self.theme_index_, len(docs) <= 4 * self.shortlist_size
        )
        self._base.attach(self.history_)
        self._overlay = {}
        self._overlay_segment = None
        return self

    def _segments(self):
        # _after_overlay_change keeps _overlay_segment in step with _overlay.
        return [s for s in (self._base, self._overlay_segment) if s is not None and len(s)]
