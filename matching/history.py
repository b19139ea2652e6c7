"""The cooperation history, laid out for fast features: who worked with whom, when, on what.

Members are indexed once (document ids and ids that are not documents alike). A sparse
incidence matrix M (cooperations × members) gives the rest:

- ties: A = Mᵀ·diag(recency)·M, the recency-weighted count of cooperations two members
  share; the ties of a candidate to the query's owners are the owners' rows of A.
- two-hop ties: the owners' partners, each divided by how many partners it has (a hub
  that works with everyone says little), times A.
- activity: how many cooperations each member took part in.
- text: each cooperation's text row, compared with the query one by one; a member's value
  is the mean of its best three (a municipality is many projects, not one blob).
- themes: which themes each member's cooperations had.

``exclude`` removes cooperations from every feature exactly (for leave-one-out evaluation
and learning) without rebuilding anything: their contributions are subtracted.
"""

import numpy as np
import scipy.sparse as sp

from matching.documents import Cooperation
from matching.quantized import product, quantize
from matching.scoring import dense_row
from matching.segments import detect_language_of_text, stack_rows

RECENCY = 0.85  # a cooperation's weight falls by this factor per year before the newest
UNKNOWN_AGE = 4  # a cooperation without a year counts as this many years old
BEST_FEW = 3
TEXT_SHORTLIST = 2000  # cooperations compared in full with a query (the most similar by words)
TEXT_CHUNK = 20_000  # cooperation texts encoded at a time


def check_history(history):
    """A list of Cooperation with unique ids; ValueError naming the first problem."""
    cooperations = list(history)
    seen = set()
    for coop in cooperations:
        if not isinstance(coop, Cooperation):
            raise ValueError(f"history must hold matching.Cooperation, got {type(coop).__name__}")
        if coop.id in seen:
            raise ValueError(f"duplicate cooperation id {coop.id!r}")
        seen.add(coop.id)
    return cooperations


class History:
    """Cooperations encoded for ranking.

    Parameters
    ----------
    cooperations : list of Cooperation
    encoder : fitted TextEncoder (the matcher's, so texts share one vocabulary)
    theme_index : dict of theme code to column (grows with unseen codes)
    reference_year : int or None
        The year recency is counted from; None takes the newest year in the history.
    """

    def __init__(self, cooperations, encoder, theme_index, reference_year=None, languages=None):
        self.cooperations = cooperations
        self.row_of = {c.id: i for i, c in enumerate(cooperations)}
        members = {}
        rows, cols = [], []
        for i, coop in enumerate(cooperations):
            for member in sorted(coop.members, key=str):
                rows.append(i)
                cols.append(members.setdefault(member, len(members)))
        self.member_index = members
        self.member_ids = list(members)
        n, m = len(cooperations), max(len(members), 1)
        self.M = sp.csr_matrix((np.ones(len(rows), np.float32), (rows, cols)), shape=(n, m))
        self.M.sort_indices()  # a cooperation's members: one row slice (``members_of``)
        self.Mc = self.M.tocsc()  # a member's cooperations: one column slice
        years = [c.year for c in cooperations if c.year is not None]
        self.newest = reference_year or (max(years) if years else None)
        self.recency = np.array([self._recency(c.year) for c in cooperations], np.float32)
        # A pair's tie counts each shared cooperation by its recency, divided by the number
        # of other members: two partners of a bilateral project are closer than two of
        # twenty in a large network (as in Adamic–Adar link prediction).
        size = np.asarray(self.M.sum(axis=1)).ravel()
        self.pair_weight = self.recency / np.maximum(size - 1, 1)
        weighted = sp.diags(self.pair_weight) @ self.M if n else self.M
        A = (self.M.T @ weighted).tocsr()
        A.setdiag(0)
        A.eliminate_zeros()
        self.A = A
        self.partner_weight = np.asarray(A.sum(axis=1)).ravel()
        self.count = np.asarray(self.M.sum(axis=0)).ravel()
        # Texts: one row per cooperation (empty texts give empty rows).
        if languages is None:
            languages = [detect_language_of_text(c.text) for c in cooperations]
        large = n > TEXT_SHORTLIST  # large: 16-bit weights (matching.quantized)
        if n:  # a chunk at a time: the transient copies stay small
            T = stack_rows(
                [
                    _encode_texts(
                        encoder,
                        [c.text for c in cooperations[start : start + TEXT_CHUNK]],
                        languages[start : start + TEXT_CHUNK],
                        large,
                    )
                    for start in range(0, n, TEXT_CHUNK)
                ]
            )
        else:
            T = sp.csr_matrix((0, encoder.width_), dtype=np.float32)
        # Small histories: inverted (features × cooperations), so a query touches only its
        # features' rows. Large ones: only the word part inverted, for the shortlist, and
        # the rows, to compare the shortlisted cooperations in full (the char part would
        # double the memory and is never read there).
        self.T = T.tocsr()
        if not large:
            self.Tt = T.T.tocsr()
            self.Wt = self.Tt[: encoder.n_word_features_]
        else:
            self.Tt = None
            self.Wt = self.T[:, : encoder.n_word_features_].T.tocsr()
        # Themes: cooperations × themes, and per member the count of cooperations per theme.
        trows, tcols = [], []
        for i, coop in enumerate(cooperations):
            for code in coop.themes:
                trows.append(i)
                tcols.append(theme_index.setdefault(code, len(theme_index)))
        self.C = sp.csr_matrix(
            (np.ones(len(trows), np.float32), (trows, tcols)), shape=(n, max(len(theme_index), 1))
        )
        self.member_themes = (self.M.T @ self.C).tocsr()

    @staticmethod
    def _recency_factor(age):
        return RECENCY ** max(age, 0)

    def _recency(self, year):
        if self.newest is None:
            return 1.0
        age = UNKNOWN_AGE if year is None else self.newest - year
        return self._recency_factor(age)

    def __len__(self):
        return len(self.cooperations)

    def __getstate__(self):
        from matching.persistence import packed

        state = dict(self.__dict__)
        state["cooperations"] = packed(self.cooperations, Cooperation)
        return state

    # -- features of the members for one query --------------------------------------------
    def features(self, owners, query, text_scale, exclude=()):
        """Per member: ties, two-hop ties, count, text and theme features (dense arrays)."""
        m = len(self.member_ids)
        # Sorted: what they added is taken away in float32, and a sum's last bits depend on
        # its order; in a set's order the features changed with PYTHONHASHSEED.
        excluded = sorted({self.row_of[c] for c in exclude if c in self.row_of})
        owner_cols = np.array(
            sorted({self.member_index[o] for o in owners if o in self.member_index}), np.int64
        )
        delta = self._delta(excluded, m)
        ties = np.zeros(m, np.float32)
        partners = np.zeros(m, np.float32)
        if len(owner_cols):
            partners = np.asarray(self.A[owner_cols].sum(axis=0)).ravel()
            if delta is not None:
                partners = partners - np.asarray(delta[owner_cols].sum(axis=0)).ravel()
            ties = np.maximum(partners, 0)
        weight = self.partner_weight
        if delta is not None:
            weight = weight - np.asarray(delta.sum(axis=1)).ravel()
        spread = np.divide(ties, weight, out=np.zeros(m, np.float32), where=weight > 0)
        spread[owner_cols] = 0
        # Only the owners' partners spread: read their rows of A, not all of it.
        partners_of = np.flatnonzero(spread)
        two_hop = np.zeros(m, np.float32)
        if len(partners_of):
            two_hop = np.asarray(self.A[partners_of].T @ spread[partners_of]).ravel()
            if delta is not None:
                two_hop = two_hop - np.asarray(delta[partners_of].T @ spread[partners_of]).ravel()
        count = self.count.copy()
        for row in excluded:
            count[self.members_of(row)] -= 1
        text, best = self._text(query.D, query.W, text_scale, excluded, m)
        themes = self._themes(query.theme_vector, query.theme_total, excluded, m)
        return {
            "ties_raw": ties,
            "ties": 1.0 - np.exp(-ties),
            "ties2": 1.0 - np.exp(-np.maximum(two_hop, 0)),
            "count": np.maximum(count, 0),
            "history_text": text,
            "best_cooperation": best,
            "history_theme": themes,
            "spread": spread,
        }

    def _delta(self, excluded, m):
        """What the excluded cooperations add to A (members × members), or None."""
        if not excluded:
            return None
        sub = self.M[excluded]
        delta = (sub.T @ (sp.diags(self.pair_weight[excluded]) @ sub)).tocsr()
        delta.setdiag(0)
        delta.eliminate_zeros()
        return delta

    def _text(self, row, word_row, text_scale, excluded, m):
        """(per member: mean of the best three similarities, the row of the best one)."""
        out = np.zeros(m, np.float32)
        best_row = np.full(m, -1, np.int64)
        if row.nnz == 0 or len(self) == 0:
            return out, best_row
        if len(self) > TEXT_SHORTLIST:
            rough = _feature_dot(self.Wt, word_row)
            rough[excluded] = -1
            rows = np.argpartition(-rough, TEXT_SHORTLIST - 1)[:TEXT_SHORTLIST]
            sims = product(self.T[rows], dense_row(row, self.T.shape[1]))
        else:
            rows = np.arange(len(self))
            sims = _feature_dot(self.Tt, row)
            sims[excluded] = 0
        sims = np.minimum(1.0, np.maximum(sims, 0) / text_scale)  # as the profile texts
        keep = sims > 0
        rows, sims = rows[keep], sims[keep]
        if not len(rows):
            return out, best_row
        sub = self.M[rows].tocoo()
        member, value = sub.col, sims[sub.row]
        order = np.lexsort((-value, member))
        member, value = member[order], value[order]
        starts = np.flatnonzero(np.r_[True, member[1:] != member[:-1]])
        rank = np.arange(len(member)) - np.repeat(starts, np.diff(np.r_[starts, len(member)]))
        best = rank < BEST_FEW
        np.add.at(out, member[best], value[best])
        top = rank == 0
        best_row[member[top]] = rows[sub.row[order][top]]
        return out / BEST_FEW, best_row

    def _themes(self, theme_vector, theme_total, excluded, m):
        if theme_total <= 0 or len(self) == 0:
            return np.zeros(m, np.float32)
        counts = self.member_themes
        width = counts.shape[1]
        w = np.pad(theme_vector, (0, max(0, width - len(theme_vector))))[:width]
        has = counts.copy()
        has.data = (has.data > 0).astype(np.float32)
        covered = np.asarray(has @ w).ravel()
        for row in excluded:  # recompute the members of excluded cooperations exactly
            for member in self.members_of(row):
                own = [
                    r
                    for r in self.M[:, member].nonzero()[0]
                    if r not in excluded
                ]
                codes = np.asarray(self.C[own].sum(axis=0)).ravel() > 0 if own else None
                covered[member] = float(w[codes].sum()) if codes is not None else 0.0
        return (covered / theme_total).astype(np.float32)

    # -- explanations ------------------------------------------------------------------------
    def members_of(self, row):
        """The member columns of one cooperation (a view of M: no per-row arrays to keep,
        so a saved History is a few large arrays)."""
        return self.M.indices[self.M.indptr[row] : self.M.indptr[row + 1]]

    def _rows_of(self, col):
        return self.Mc.indices[self.Mc.indptr[col] : self.Mc.indptr[col + 1]]

    def owner_rows(self, owners):
        """A mask over the cooperations: True where one of ``owners`` is a member (computed
        once per query, then read for every candidate's explanation)."""
        mask = np.zeros(len(self.cooperations), bool)
        for owner in owners:
            col = self.member_index.get(owner)
            if col is not None:
                mask[self._rows_of(col)] = True
        return mask

    def ties_of(self, candidate, owners, spread, exclude=(), limit=3, ours=None):
        """The cooperations behind a candidate's ties, most recent first (for explanations).

        ``ours``: ``owner_rows(owners)`` when the caller has it already."""
        col = self.member_index.get(candidate)
        if col is None:
            return []
        mine = self._rows_of(col)
        excluded = [self.row_of[c] for c in exclude if c in self.row_of]
        if excluded:
            mine = np.setdiff1d(mine, excluded)
        owner_cols = sorted({self.member_index[o] for o in owners if o in self.member_index})
        if owner_cols:
            ours = self.owner_rows(owners) if ours is None else ours
            shared = mine[ours[mine]]
            if len(shared):
                order = np.lexsort((shared, -self.recency[shared]))[:limit]
                owner_set = set(owner_cols)
                out = []
                for r in shared[order]:
                    partner = min(owner_set.intersection(self.members_of(r).tolist()))
                    out.append(self._tie(int(r), partner, 1))
                return out
        if not len(mine) or not len(spread):
            return []
        sub = self.M[mine].tocoo()
        value = spread[sub.col] * self.recency[mine][sub.row]
        value[sub.col == col] = 0
        best = int(np.argmax(value))
        if value[best] <= 0:
            return []
        return [self._tie(int(mine[sub.row[best]]), int(sub.col[best]), 2)]

    def similar_of(self, candidate, best_cooperation):
        """The candidate's past cooperation most like the query, for explanations."""
        col = self.member_index.get(candidate)
        if col is None or best_cooperation[col] < 0:
            return []
        row = int(best_cooperation[col])
        coop = self.cooperations[row]
        title = coop.title or " ".join(coop.text.split()[:8])
        members = int(self.M.indptr[row + 1] - self.M.indptr[row])
        return [{"cooperation": coop.id, "title": title, "year": coop.year, "members": members}]

    def _tie(self, row, partner_col, hops):
        coop = self.cooperations[row]
        title = coop.title or " ".join(coop.text.split()[:8])
        return {
            "cooperation": coop.id,
            "title": title,
            "year": coop.year,
            "partner": self.member_ids[partner_col],
            "hops": hops,
        }


def _encode_texts(encoder, texts, languages, quantized):
    rows = encoder.transform(texts, languages)
    return quantize(rows) if quantized else rows


def _feature_dot(inverted, vector_row):
    """Similarity of a query row with every cooperation, from the features × cooperations
    matrix: only the rows of the query's features are read."""
    idx = vector_row.indices
    if len(idx) == 0:
        return np.zeros(inverted.shape[1], np.float32)
    return product(inverted[idx].T, vector_row.data)
