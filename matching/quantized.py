"""Large text matrices stored with 16-bit weights.

The rows of a fitted corpus are unit-length TF-IDF vectors with non-negative weights, so
every weight lies in [0, 1]. A large corpus keeps them as int16 multiples of 1/32767
(``scipy.sparse`` has no float16, but it multiplies an int16 matrix by a float32 vector
in C with a float32 result): 6 bytes a stored weight instead of 8, a quarter less memory
for the biggest arrays of a fitted matcher. The rounding error of a weight is at most
1.5e-5, so a cosine with a unit query over a thousand features moves by at most
1.5e-5 · √1000 ≈ 5e-4 (typically about 1e-5: the errors cancel), far below the
differences the ranking rests on.

Small corpora keep float32 (they are scored through column access and cost little).
"""

import numpy as np

SCALE = 32767


def quantize(matrix):
    """The csr/csc ``matrix`` (weights in [0, 1]) with int16 weights, in the same format
    (a matrix that has them already is returned as it is)."""
    if is_quantized(matrix):
        return matrix
    data = np.rint(np.clip(matrix.data, 0.0, 1.0) * SCALE).astype(np.int16)
    indices, indptr = matrix.indices, matrix.indptr
    if not data.all():  # weights below half a step are not stored: new index arrays
        indices, indptr = indices.copy(), indptr.copy()  # (``matrix`` keeps its own)
    out = matrix.__class__((data, indices, indptr), shape=matrix.shape, copy=False)
    out.eliminate_zeros()
    return out


def is_quantized(matrix):
    return matrix.dtype == np.int16


def as_float(matrix):
    """``matrix`` with float32 weights (a quantized one scaled back)."""
    if not is_quantized(matrix):
        return matrix
    data = matrix.data.astype(np.float32) / SCALE
    return matrix.__class__((data, matrix.indices, matrix.indptr), shape=matrix.shape)


def product(matrix, vector):
    """``matrix @ vector`` as float32, for float32 or quantized matrices."""
    out = np.asarray(matrix @ vector, dtype=np.float32).ravel()
    if is_quantized(matrix):
        out *= np.float32(1.0 / SCALE)
    return out
