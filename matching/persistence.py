"""Saving a fitted Matcher (pickle or joblib) and loading it in another process.

Locks and caches are not saved: a loaded matcher starts with empty caches and its own lock.
joblib stores the sparse matrices' arrays as separate numpy files, so
``joblib.load(path, mmap_mode="c")`` maps them from disk (copy-on-write) instead of reading
them into memory: workers that load one snapshot share its pages.
"""

import copy
import threading
from collections import OrderedDict

_UNSAVED = ("_lock", "_query_cache", "_word_cache", "_explain_cache")


class PersistMixin:
    def _new_caches(self):
        self._lock = threading.Lock()
        self._query_cache = OrderedDict()  # encoded queries
        self._word_cache = OrderedDict()  # explanations: word weights of candidates
        self._explain_cache = OrderedDict()  # unexplained rankings, for explain()

    def clear_caches(self):
        """Forget encoded queries and explanation features (what a fresh process has)."""
        with self._lock:
            self._query_cache.clear()
            self._word_cache.clear()
            self._explain_cache.clear()

    def fork(self):
        """A matcher that shares this one's fitted data but takes its own updates."""
        self._check_fitted()
        clone = self.__class__.__new__(self.__class__)
        clone.__setstate__(self.__getstate__())
        clone._base = copy.copy(self._base)
        clone._base.alive = self._base.alive.copy()
        clone._overlay = dict(self._overlay)
        return clone

    def __getstate__(self):
        return {k: v for k, v in self.__dict__.items() if k not in _UNSAVED}

    def __setstate__(self, state):
        self.__dict__.update(state)
        if "encoder_" in state:
            self._new_caches()
