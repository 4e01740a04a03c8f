"""Data: scikit-learn's bundled 8x8 digits by default (offline), MNIST's IDX files when given.

Every loader returns a ``Split``: float64 pixels scaled to [0, 1], one image per row, and int64
labels. The digits split is a seeded permutation, so a seed names one fixed held-out set.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from pathlib import Path

import numpy as np

# The third byte of an IDX file's magic number says how its values are stored (big-endian).
IDX_DTYPES = {
    0x08: np.dtype(np.uint8),
    0x09: np.dtype(np.int8),
    0x0B: np.dtype(">i2"),
    0x0C: np.dtype(">i4"),
    0x0D: np.dtype(">f4"),
    0x0E: np.dtype(">f8"),
}
MNIST_FILES = {
    "x_train": "train-images-idx3-ubyte",
    "y_train": "train-labels-idx1-ubyte",
    "x_test": "t10k-images-idx3-ubyte",
    "y_test": "t10k-labels-idx1-ubyte",
}


@dataclass(frozen=True)
class Split:
    """Train and test arrays: ``x_*`` (N, features) float64 in [0, 1], ``y_*`` (N,) int64."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray

    @property
    def num_features(self) -> int:
        return self.x_train.shape[1]

    @property
    def num_classes(self) -> int:
        return int(max(self.y_train.max(), self.y_test.max())) + 1


def load_digits_split(seed: int = 0, test_fraction: float = 0.2) -> Split:
    """scikit-learn's 1,797 8x8 digits (64 features, 10 classes), split by a seeded shuffle.

    The same ``seed`` and ``test_fraction`` always hold out the same images.
    """
    if not 0 < test_fraction < 1:
        raise ValueError(f"test_fraction must be in (0, 1), got {test_fraction}")
    from sklearn.datasets import load_digits  # ships with scikit-learn: no download

    digits = load_digits()
    x = digits.data.astype(np.float64) / 16.0  # pixel intensities are 0..16
    y = digits.target.astype(np.int64)
    order = np.random.default_rng(seed).permutation(len(y))
    n_test = round(len(y) * test_fraction)
    test, train = order[:n_test], order[n_test:]
    return Split(x[train], y[train], x[test], y[test])


def read_idx(path: str | Path) -> np.ndarray:
    """Read one IDX file (the format MNIST ships in), gzipped when its name ends in ``.gz``.

    Layout: two zero bytes, a dtype code (``IDX_DTYPES``), the number of dimensions ``d``, then
    ``d`` big-endian uint32 sizes, then the values in C order, big-endian. Returns an array of
    that shape in native byte order; raises ValueError when the header or size is wrong.
    """
    path = Path(path)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as handle:
        data = handle.read()
    # BEGIN SOLUTION
    if len(data) < 4 or data[0] != 0 or data[1] != 0:
        raise ValueError(f"{path} is not an IDX file: it must start with two zero bytes")
    code, ndim = data[2], data[3]
    if code not in IDX_DTYPES:
        raise ValueError(f"{path}: unknown IDX dtype code {code:#04x}; known: "
                         f"{', '.join(f'{c:#04x}' for c in IDX_DTYPES)}")
    header = 4 + 4 * ndim
    if len(data) < header:
        raise ValueError(f"{path}: truncated header ({len(data)} bytes for {ndim} dimensions)")
    shape = tuple(int(s) for s in np.frombuffer(data, dtype=">u4", count=ndim, offset=4))
    dtype = IDX_DTYPES[code]
    expected = header + int(np.prod(shape)) * dtype.itemsize
    if len(data) != expected:
        raise ValueError(f"{path}: {len(data)} bytes, but a {shape} array of {dtype} needs {expected}")
    values = np.frombuffer(data, dtype=dtype, offset=header).reshape(shape)
    return values.astype(dtype.newbyteorder("="))
    # END SOLUTION


def _find(directory: Path, stem: str) -> Path:
    for name in (stem, stem + ".gz"):
        if (directory / name).is_file():
            return directory / name
    raise FileNotFoundError(f"{directory} has no {stem} (or {stem}.gz); an MNIST --idx-dir holds "
                            f"{', '.join(MNIST_FILES.values())}")


def load_idx_split(directory: str | Path) -> Split:
    """MNIST's four IDX files from ``directory`` (plain or ``.gz``): images flattened to rows
    (byte images scaled by 1/255 into [0, 1]), labels as int64."""
    directory = Path(directory)
    arrays = {key: read_idx(_find(directory, stem)) for key, stem in MNIST_FILES.items()}
    for part in ("train", "test"):
        x, y = arrays[f"x_{part}"], arrays[f"y_{part}"]
        if x.ndim < 2 or y.ndim != 1 or len(x) != len(y):
            raise ValueError(f"{part} images {x.shape} and labels {y.shape} do not match: expected "
                             "(N, rows, cols) images and (N,) labels")
        if x.shape[1:] != arrays["x_train"].shape[1:]:
            raise ValueError(f"train images are {arrays['x_train'].shape[1:]}, test images {x.shape[1:]}")
    flat = {k: v.reshape(len(v), -1).astype(np.float64) / (255.0 if v.dtype == np.uint8 else 1.0)
            for k, v in arrays.items() if k.startswith("x")}
    return Split(flat["x_train"], arrays["y_train"].astype(np.int64),
                 flat["x_test"], arrays["y_test"].astype(np.int64))
