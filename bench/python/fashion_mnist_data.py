"""Fashion-MNIST for the benchmark's Python contenders: the IDX files of Debian's
``dataset-fashion-mnist`` read into numpy arrays, and the system BLAS they compute with.

numpy only, so that every contender can import it: the PyTorch one under Debian's Python, the
scikit-learn one under Debian's Python and the PySpark one in the project's venv.
"""

import glob
import gzip
import os
import struct

import numpy as np

DEFAULT_DATA_DIR = "/usr/share/datasets/fashion-mnist"


def read_idx(path):
    """Reads an IDX file (gzipped or plain) into a numpy array."""
    with open(path, "rb") as raw:
        head = raw.read(2)
    opener = gzip.open if head == b"\x1f\x8b" else open
    with opener(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def load_arrays(data_dir, part, rows=None, dtype=np.float32):
    """Features (rows x 784, pixels / 255 in ``dtype``) and labels (int64) of ``train`` or
    ``t10k``; only the first ``rows`` rows when given."""
    images = read_idx(f"{data_dir}/{part}-images-idx3-ubyte.gz")
    labels = read_idx(f"{data_dir}/{part}-labels-idx1-ubyte.gz")
    if rows is not None:
        images, labels = images[:rows], labels[:rows]
    x = images.reshape(images.shape[0], -1).astype(dtype) / dtype(255.0)
    return x, labels.astype(np.int64)


def libblas_target():
    """Where Debian's alternatives point ``libblas.so.3`` (the BLAS a generic build loads), or
    ``None`` where there is no such link."""
    for candidate in sorted(glob.glob("/etc/alternatives/libblas.so.3*")):
        return os.path.realpath(candidate)
    return None
