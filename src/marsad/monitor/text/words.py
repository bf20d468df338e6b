"""The words of a batch of normalised texts, split once by Arrow.

Near-duplicate detection and the classifier both hash words; both split the
normalised texts on spaces, drop the punctuation around each word ("بيننا،" and
"بيننا" are the same word) and work on each distinct word once, since
vocabularies repeat. Imports no Django.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?[\\]^_`{|}~«»“”‘’…،؛؟٪۔־׳״"


@dataclass(frozen=True)
class BatchWords:
    """Every word occurrence of a batch, in text order."""

    distinct: list[str]  # each word once
    index: np.ndarray  # per occurrence: its word's position in `distinct`
    rows: np.ndarray  # per occurrence: which text (int64)


def batch_words(norms: Sequence[str], *, drop_links: bool = False) -> BatchWords:
    """Words of `norms` (single-spaced, as `normalise` leaves them).

    With `drop_links`, words starting with "http", "www." or "@" are left out.
    """
    lists = pc.split_pattern(pa.array(norms, type=pa.large_string()), " ")
    words = pc.list_flatten(lists)
    kept_link = None
    if drop_links:
        kept_link = pc.invert(
            pc.or_(
                pc.or_(pc.starts_with(words, "http"), pc.starts_with(words, "www.")),
                pc.starts_with(words, "@"),
            )
        )
    words = pc.utf8_trim(words, characters=PUNCTUATION)
    kept = pc.greater(pc.utf8_length(words), 0)
    if kept_link is not None:
        kept = pc.and_(kept_link, kept)
    rows = pc.list_parent_indices(lists).filter(kept)
    encoded = pc.dictionary_encode(words.filter(kept))
    return BatchWords(
        distinct=encoded.dictionary.to_pylist(),
        index=encoded.indices.to_numpy(zero_copy_only=False),
        rows=rows.to_numpy(zero_copy_only=False).astype(np.int64),
    )
