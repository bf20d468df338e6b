"""Hashed text features for the built-in classifier, computed a batch at a time.

A text's features are the character 2-5-grams of each word of its normalised form
(the word padded with a space on either side, as scikit-learn's `char_wb`), its
words and its pairs of consecutive words; Hebrew words also give their stem
without the prefixes ו ה ב כ ל מ ש, Arabic words without the proclitics و ف ب ك
ل ال. Every feature is hashed into one of 2**bits buckets, so the model needs no
vocabulary and a word never seen in training costs nothing.

Python touches each text once (normalising it); n-gram hashing runs over the
code points of the whole batch in numpy, which is what makes the classifier fast.
A feature's value is its count times the bucket's IDF weight, divided by the
square root of the text's sum of IDF²: a TF-IDF whose norm can be computed
without first merging repeated features, so scoring is a single gather-and-add.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from zlib import crc32

import numpy as np
from scipy import sparse

from marsad.monitor.text.normalise import normalise
from marsad.monitor.text.words import PUNCTUATION, batch_words

CHAR_NGRAMS = (2, 3, 4, 5)
# Character n-grams and word features are normalised apart, so that the few word
# features of a text weigh as much as its many n-grams.
CHARS, WORDS, N_BLOCKS = 0, 1, 2
_BARRIER = 0  # code point that no n-gram may span (between words and texts)
_M = np.uint64(0x100000001B3)  # FNV-style multiplier for rolling code-point hashes
_MIX1, _MIX2 = np.uint64(0xFF51AFD7ED558CCD), np.uint64(0xC4CEB9FE1A85EC53)
_SALT_WORD, _SALT_PAIR, _SALT_STEM = 11, 12, 13
_HE_PREFIXES = frozenset("והבכלמש")
_AR_PREFIXES = ("وال", "فال", "بال", "كال", "لل", "ال", "و", "ف", "ب", "ل")
_WORD_HASHES: dict[int, dict[str, int]] = {}  # salt -> word -> hash


def _mix(values: np.ndarray) -> np.ndarray:
    """A 64-bit finaliser (murmur3's): nearby inputs land in unrelated buckets."""
    values = values ^ (values >> np.uint64(33))
    values = values * _MIX1
    values = values ^ (values >> np.uint64(33))
    values = values * _MIX2
    return values ^ (values >> np.uint64(33))


@dataclass
class Batch:
    """Features of a batch of texts, occurrence by occurrence (not yet merged)."""

    n_texts: int
    rows: np.ndarray  # int64: which text (in no particular order)
    buckets: np.ndarray  # int64: which bucket
    blocks: np.ndarray  # int64: CHARS or WORDS, normalised separately
    norms: list[str]
    _values: tuple[np.ndarray, np.ndarray] | None = field(default=None, repr=False)

    def values(self, idf: np.ndarray) -> np.ndarray:
        """Each occurrence's value: IDF over its text's block norm (see module).

        Kept for the last `idf` given: several models score the same batch.
        """
        cached = self._values
        if cached is not None and cached[0] is idf:
            return cached[1]
        values = self._weigh(idf)
        self._values = (idf, values)
        return values

    def _weigh(self, idf: np.ndarray) -> np.ndarray:
        values = idf[self.buckets].astype(np.float64)
        key = self.rows * N_BLOCKS + self.blocks
        squares = np.bincount(
            key, weights=values * values, minlength=N_BLOCKS * self.n_texts
        )
        with np.errstate(divide="ignore"):
            scale = 1.0 / np.sqrt(squares)
        scale[~np.isfinite(scale)] = 0.0
        return values * scale[key]

    def matrix(self, idf: np.ndarray) -> sparse.csr_matrix:
        """The (texts x buckets) feature matrix, weighted as the module says."""
        matrix = sparse.csr_matrix(
            (self.values(idf), (self.rows, self.buckets)),
            shape=(self.n_texts, idf.size),
        )
        matrix.sum_duplicates()
        return matrix

    def scores(
        self, weights: np.ndarray, idf: np.ndarray, rows: np.ndarray | None = None
    ) -> np.ndarray:
        """`matrix(idf) @ weights`, without building the matrix.

        `weights` is (labels x buckets): one gather and one `bincount` per label
        is faster than gathering rows of the (buckets x labels) matrix. Given
        `rows`, only those texts are scored (the others get 0).
        """
        values, texts, buckets = self.values(idf), self.rows, self.buckets
        if rows is not None:
            wanted = np.zeros(self.n_texts, dtype=bool)
            wanted[rows] = True
            keep = wanted[texts]
            values, texts, buckets = values[keep], texts[keep], buckets[keep]
        return np.column_stack(
            [
                np.bincount(
                    texts,
                    weights=np.take(column, buckets) * values,
                    minlength=self.n_texts,
                )
                for column in weights
            ]
        )


class Featuriser:
    """Turns texts into hashed feature occurrences; holds only its settings."""

    def __init__(self, bits: int = 21) -> None:
        self.bits = bits

    @property
    def n_buckets(self) -> int:
        return 1 << self.bits

    def transform(self, texts: Sequence[str]) -> Batch:
        norms = [normalise(text) for text in texts]
        return self.transform_normalised(norms)

    def transform_normalised(self, norms: list[str]) -> Batch:
        shift = np.uint64(64 - self.bits)
        char_rows, char_hashes = _char_ngrams(norms)
        word_rows, word_hashes = _word_features(norms)
        rows = np.concatenate([char_rows, word_rows])
        hashes = np.concatenate([char_hashes, word_hashes])
        blocks = np.repeat(np.array([CHARS, WORDS]), [char_rows.size, word_rows.size])
        buckets = (_mix(hashes) >> shift).astype(np.int64)
        return Batch(len(norms), rows, buckets, blocks, norms)

    def word_buckets(self, norm: str) -> list[tuple[int, int, float, int]]:
        """(word index, bucket, share, block) of each feature of a normalised text.

        For explanations: the same features as `transform`, each credited to the
        word it comes from (half to each word of a pair). Word indices count the
        words of `norm` split on spaces.
        """
        shift = np.uint64(64 - self.bits)
        chars, words = _char_ngram_credits(norm), _word_feature_credits(norm)
        credited = [(*c, CHARS) for c in chars] + [(*w, WORDS) for w in words]
        hashes = np.array([h for _, h, _, _ in credited], dtype=np.uint64)
        buckets = (_mix(hashes) >> shift).astype(np.int64).tolist()
        return [
            (index, bucket, share, block)
            for (index, _, share, block), bucket in zip(credited, buckets, strict=True)
        ]


def word_spans(text: str, norm: str) -> list[str]:
    """The words of `norm` as written in `text`, where the two line up word for word.

    Normalisation keeps the number of words but for rare characters (ligatures
    that NFKC splits); then the normalised words are shown instead.
    """
    original = text.split()
    words = norm.split(" ") if norm else []
    return original if len(original) == len(words) else words


def _padded(norm: str) -> str:
    """Words padded with spaces and separated by barriers: " w1 ␀ w2 ␀"."""
    words = norm.split(" ")
    if "" in words:
        words = [word for word in words if word]
    return " " + " \x00 ".join(words) + " \x00" if words else ""


def _char_ngrams(norms: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(text index, hash) of every character n-gram of every text."""
    padded = [_padded(norm) + "\x00" for norm in norms]
    joined = "".join(padded)
    points = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(
        np.uint64
    )
    is_text_end = np.zeros(points.size, dtype=bool)
    ends = np.cumsum([len(text) for text in padded]) - 1
    is_text_end[ends] = True
    text_of = np.cumsum(is_text_end) - is_text_end  # text index at each position
    barriers = np.cumsum(points == _BARRIER)
    rows, hashes = [], []
    rolling = points.copy()
    for n in range(2, max(CHAR_NGRAMS) + 1):
        with np.errstate(over="ignore"):
            rolling = rolling[:-1] * _M + points[n - 1 :]
        if n not in CHAR_NGRAMS:
            continue
        starts = np.arange(rolling.size)
        # No barrier inside [start, start + n): the n-gram stays within one word.
        before = np.where(starts > 0, barriers[starts - 1], 0)
        inside = barriers[starts + n - 1] - before
        keep = inside == 0
        rows.append(text_of[starts[keep]])
        with np.errstate(over="ignore"):
            hashes.append(rolling[keep] + np.uint64(n))
    return np.concatenate(rows).astype(np.int64), np.concatenate(hashes)


def _char_ngram_credits(norm: str) -> list[tuple[int, int, float]]:
    credits = []
    for index, word in enumerate(norm.split(" ") if norm else []):
        padded = f" {word} "
        for n in CHAR_NGRAMS:
            for start in range(len(padded) - n + 1):
                value = 0
                for ch in padded[start : start + n]:
                    value = (value * int(_M) + ord(ch)) & 0xFFFFFFFFFFFFFFFF
                credits.append((index, (value + n) & 0xFFFFFFFFFFFFFFFF, 1.0))
    return credits


def stem(word: str) -> str | None:
    """The word without Hebrew prefixes or Arabic proclitics, if it had any."""
    if word in _STEMS:
        return _STEMS[word]
    if len(_STEMS) > 1_000_000:
        _STEMS.clear()
    root = _STEMS[word] = _stem(word)
    return root


_STEMS: dict[str, str | None] = {}


def _stem(word: str) -> str | None:
    if word[:1] in _HE_PREFIXES and "\u05d0" <= word[-1:] <= "\u05ea":
        cut = 0
        while cut < 2 and len(word) - cut > 3 and word[cut] in _HE_PREFIXES:
            cut += 1
        return word[cut:] if cut else None
    if "\u0621" <= word[:1] <= "\u064a":
        for prefix in _AR_PREFIXES:
            if word.startswith(prefix) and len(word) - len(prefix) >= 2:
                return word[len(prefix) :]
    return None


def _word_hash(word: str, salt: int) -> int:
    return _word_hashes([word], salt)[0]


def _word_hashes(words: list[str], salt: int) -> list[int]:
    """CRC-32 of "<salt>\\x01<word>", tagged with the salt, for each word.

    Cached per salt (vocabularies repeat); the CRC of the salt's prefix is
    computed once and continued over each word's bytes.
    """
    cache = _WORD_HASHES.setdefault(salt, {})
    if len(cache) > 1_000_000:
        cache.clear()
    missing = [word for word in words if word not in cache]
    if missing:
        start, tag = crc32(f"{salt}\x01".encode()), salt << 40
        cache.update((w, crc32(w.encode("utf-8"), start) | tag) for w in missing)
    return [cache[word] for word in words]


def _pair_hash(first: int, second: int) -> int:
    return (first * _PAIR_MULT + second + _SALT_PAIR) & 0xFFFFFFFFFFFFFFFF


_PAIR_MULT = 0x9E3779B97F4A7C15


def _word_feature_credits(norm: str) -> list[tuple[int, int, float]]:
    indexed = [
        (index, word)
        for index, raw in enumerate(norm.split(" ") if norm else [])
        if (word := raw.strip(PUNCTUATION))
    ]
    hashes = _word_hashes([word for _, word in indexed], _SALT_WORD)
    credits = [(index, h, 1.0) for (index, _), h in zip(indexed, hashes, strict=True)]
    for index, word in indexed:
        if (root := stem(word)) is not None:
            credits.append((index, _word_hash(root, _SALT_STEM), 1.0))
    for ((i, _), h1), ((j, _), h2) in pairwise(zip(indexed, hashes, strict=True)):
        pair = _pair_hash(h1, h2)
        credits += [(i, pair, 0.5), (j, pair, 0.5)]
    return credits


def _word_features(norms: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(text index, hash) of every word, word stem and pair of words.

    Arrow splits and trims the words of the whole batch; Python hashes (and stems)
    each distinct word once; numpy forms the pairs.
    """
    words = batch_words(norms)
    distinct, index, rows = words.distinct, words.index, words.rows
    word_hashes = np.array(_word_hashes(distinct, _SALT_WORD), dtype=np.uint64)[index]
    roots = [stem(word) for word in distinct]
    has_root = np.array([root is not None for root in roots], dtype=bool)[index]
    root_hashes = np.array(
        _word_hashes([root or "" for root in roots], _SALT_STEM),
        dtype=np.uint64,
    )[index]
    same_text = rows[1:] == rows[:-1]
    with np.errstate(over="ignore"):
        pair_hashes = (
            word_hashes[:-1] * np.uint64(_PAIR_MULT)
            + word_hashes[1:]
            + np.uint64(_SALT_PAIR)
        )[same_text]
    return (
        np.concatenate([rows, rows[has_root], rows[:-1][same_text]]),
        np.concatenate([word_hashes, root_hashes[has_root], pair_hashes]),
    )
