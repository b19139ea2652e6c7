"""Large corpora keep 16-bit weights (``matching.quantized``) and rank as with float32."""

from dataclasses import replace

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.preprocessing import normalize

import matching.history
import matching.segments
from matching import Cooperation, Document, Matcher
from matching.quantized import SCALE, as_float, product, quantize

WORDS = {
    "SE": "skola förskola lärare elever vatten dagvatten skyfall klimat cykel buss tåg "
    "hamn turism kultur bibliotek äldre omsorg hälsa energi sol vind avfall återvinning "
    "upphandling livsmedel jobb ungdomar integration bostäder planering natur hav".split(),
    "DK": "skole børnehave lærere elever vand regnvand skybrud klima cykel bus tog "
    "havn turisme kultur bibliotek ældre pleje sundhed energi sol vind affald genbrug "
    "udbud fødevarer job unge integration boliger planlægning natur hav".split(),
}


def _text(rng, country, n):
    return " ".join(rng.choice(WORDS[country], n))


def _corpus(n=60, cooperations=30, seed=0):
    rng = np.random.default_rng(seed)
    docs = []
    for i in range(n):
        country = "SE" if i % 2 else "DK"
        docs.append(
            Document(
                f"{country}{i}",
                country,
                description=_text(rng, country, 12),
                needs=_text(rng, country, 6),
                offers=_text(rng, country, 6),
                themes=frozenset(rng.choice(["climate", "education", "culture"], 1)),
            )
        )
    history = []
    for i in range(cooperations):
        members = frozenset(d.id for d in rng.choice(docs, 3, replace=False))
        history.append(Cooperation(f"c{i}", members, text=_text(rng, "SE", 15), year=2020))
    return docs, history


def test_quantized_weights_give_float32_products_within_rounding():
    rng = np.random.default_rng(1)
    matrix = normalize(sp.random(40, 300, density=0.1, format="csr", dtype=np.float32,
                                 random_state=rng))  # fmt: skip
    matrix = sp.csr_matrix(matrix, dtype=np.float32)
    q = quantize(matrix)
    assert q.dtype == np.int16 and q.format == "csr"
    assert q.data.nbytes == matrix.data.nbytes // 2
    assert np.abs(as_float(q).toarray() - matrix.toarray()).max() <= 0.5 / SCALE + 1e-7
    vector = rng.random(300).astype(np.float32)
    rows = np.array([3, 0, 17, 39])
    expected = np.asarray(matrix[rows] @ vector).ravel()
    assert np.allclose(product(q[rows], vector), expected, atol=1e-3)
    # Scaling back and quantizing again gives the same weights (compaction is stable).
    assert (quantize(as_float(q)) != q).nnz == 0


def test_weights_too_small_to_keep_are_dropped_and_the_source_is_left_whole():
    matrix = sp.csr_matrix(np.array([[0.6, 1e-6, 0.8], [0.0, 1.0, 0.0]], np.float32))
    before = matrix.toarray()
    q = quantize(matrix)
    assert q.nnz == 3 and q.toarray()[0, 1] == 0
    assert np.array_equal(matrix.toarray(), before)  # its index arrays were not compacted


def _fit(docs, history, quantized, monkeypatch):
    monkeypatch.setattr(matching.history, "TEXT_SHORTLIST", 10)
    if not quantized:
        monkeypatch.setattr(matching.segments, "quantize", lambda m: m)
        monkeypatch.setattr(matching.history, "quantize", lambda m: m)
    return Matcher(shortlist_size=5, compact_weights_from=21).fit(docs, history)


def test_a_large_corpus_is_stored_quantized_and_ranks_as_with_float32(monkeypatch):
    docs, history = _corpus()
    with monkeypatch.context() as patch:
        small = _fit(docs, history, False, patch)
    with monkeypatch.context() as patch:
        large = _fit(docs, history, True, patch)
        for name in ("D", "N", "O", "W"):
            assert getattr(large.corpus_.base, name).dtype == np.int16
            assert getattr(small.corpus_.base, name).dtype == np.float32
        assert large.history_.T.dtype == np.int16 and small.history_.T.dtype == np.float32
        for query in docs[:8]:
            owners = sorted(history[0].members)[:1]
            a = large.rank(query, k=10, owners=owners)
            b = small.rank(query, k=10, owners=owners)
            assert [m.id for m in a][:3] == [m.id for m in b][:3]
            scores = {m.id: m.score for m in b}
            for m in a:
                if m.id in scores:
                    assert m.score == pytest.approx(scores[m.id], abs=2e-3)


def test_compaction_keeps_a_large_corpus_quantized_and_unchanged(monkeypatch):
    docs, history = _corpus(seed=3)
    monkeypatch.setattr(matching.history, "TEXT_SHORTLIST", 10)
    matcher = Matcher(shortlist_size=5, compact_weights_from=21).fit(docs, history)
    before = matcher.corpus_.base.D.copy()
    changed = replace(docs[5], description="cykel buss tåg hamn")
    matcher.update(changed)
    matcher.compact()
    after = matcher.corpus_.base.D
    assert after.dtype == np.int16
    row = matcher.corpus_.base.row_of[changed.id]
    keep = [matcher.corpus_.base.row_of[d.id] for d in docs if d.id != changed.id]
    old_rows = [i for i, d in enumerate(docs) if d.id != changed.id]
    assert (after[keep] != before[old_rows]).nnz == 0
    assert (after[row] != before[5]).nnz > 0
    top = matcher.rank(Document("q", "DK", description="cykel buss tåg hamn"), k=3)
    assert changed.id in [m.id for m in top]


def test_16_bit_weights_are_a_setting_of_their_own(monkeypatch):
    """They hid behind ``shortlist_size``: a large corpus was always quantized."""
    docs, history = _corpus(seed=5)
    monkeypatch.setattr(matching.history, "TEXT_SHORTLIST", 10)
    full = Matcher(shortlist_size=5, compact_weights_from=None).fit(docs, history)
    assert full.corpus_.base.D.dtype == np.float32 and not full.corpus_.base.inverted
    small = Matcher(compact_weights_from=10).fit(docs, history)
    assert small.corpus_.base.D.dtype == np.int16 and small.corpus_.base.inverted
    for matcher in (full, small):  # both rank, with the same first candidates as float32
        ranked = [m.id for m in matcher.rank(docs[0], k=3)]
        assert ranked == [m.id for m in Matcher().fit(docs, history).rank(docs[0], k=3)]
