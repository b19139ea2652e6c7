"""Stacking encoded chunks (``segments.stack_rows``) gives what scipy's vstack gives."""

import numpy as np
import scipy.sparse as sp

from matching.segments import stack_rows


def test_stacked_chunks_equal_scipy_vstack_and_are_consumed():
    rng = np.random.default_rng(0)
    chunks = [
        sp.random(rows, 50, density=density, format="csr", dtype=np.float32, random_state=rng)
        for rows, density in ((7, 0.2), (0, 0.0), (5, 0.0), (12, 0.5), (1, 1.0))
    ]
    expected = sp.vstack(chunks, format="csr")
    given = list(chunks)
    stacked = stack_rows(given)
    assert given == []  # each chunk is let go once copied
    assert stacked.shape == (25, 50) and stacked.dtype == np.float32
    assert np.array_equal(stacked.toarray(), expected.toarray())
    assert np.array_equal(np.diff(stacked.indptr), np.diff(expected.indptr))
