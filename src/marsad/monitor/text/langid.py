"""Language of a post: `ar`, `he`, `en` or `other`, offline.

Script decides most posts at once: Hebrew letters mean Hebrew, Arabic letters mean
Arabic unless letters that Arabic does not use (Persian, Urdu) point elsewhere.
Latin-script posts go, in one batch, to lingua (a local n-gram model shipped in its
wheel; nothing is downloaded), restricted to English and the Latin-script languages
most often met beside it, so that French or Turkish posts come out as `other`.
"""

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from marsad.monitor.text.normalise import HASHTAG_RE, MENTION_RE, URL_RE, normalise

AR, HE, LA = 1, 2, 3


def _lead_byte_table() -> bytes:
    """Each UTF-8 byte to the script of the letter it starts (AR, HE, LA) or 0.

    Counting on the normalised text's UTF-8 bytes (one `bytes.translate`, three
    `count`s, all in C) is several times faster than walking the characters, and
    language id runs on every post. Lead bytes D8-DB start U+0600-U+06FF exactly
    and DD starts U+0740-U+077F (Arabic supplement); D7 starts U+05C0-U+05FF, the
    Hebrew letters (niqqud, under D6, is gone after normalisation); ASCII letters
    and leads C3-C9 (U+00C0-U+024F) are Latin. Presentation forms are gone too
    (NFKC), and continuation bytes (80-BF) count for nothing.
    """
    table = bytearray(256)
    for lead in (0xD8, 0xD9, 0xDA, 0xDB, 0xDD):
        table[lead] = AR
    table[0xD7] = HE
    for byte in [*range(0x41, 0x5B), *range(0x61, 0x7B), *range(0xC3, 0xCA)]:
        table[byte] = LA
    return bytes(table)


LEAD_BYTES = _lead_byte_table()
# Letters of Persian and Urdu (pe, che, zhe, gaf, keheh, Farsi yeh, Urdu letters)
# that Arabic, Levantine included, writes rarely.
NON_ARABIC_LETTERS = re.compile(
    r"[\u067E\u0686\u0698\u06AF\u06A9\u06CC\u06BE\u06C1\u06D2\u0679\u0688\u0691]"
)
MIN_LETTERS = 2
# Words that are English and rarely anything else; two of them settle a short post
# without the model (which is slower and unsure on slang-heavy, very short posts).
ENGLISH_WORDS = frozenset(
    [
        "the",
        "you",
        "your",
        "you're",
        "my",
        "is",
        "are",
        "was",
        "were",
        "and",
        "that",
        "this",
        "what",
        "with",
        "for",
        "not",
        "don't",
        "dont",
        "i'm",
        "im",
        "it's",
        "its",
        "just",
        "like",
        "they",
        "we",
        "she",
        "he's",
        "have",
        "has",
        "get",
        "got",
        "lol",
        "shit",
        "fuck",
        "fucking",
        "bitch",
        "ass",
        "hoe",
        "stupid",
        "need",
        "love",
        "know",
        "all",
        "of",
        "to",
        "be",
        "it",
        "me",
        "him",
        "her",
        "his",
        "them",
        "our",
        "who",
        "why",
        "how",
        "when",
        "will",
        "would",
        "can",
        "can't",
        "cant",
        "should",
        "people",
        "white",
        "black",
        "women",
        "men",
        "gun",
        "they're",
        "their",
        "there",
        "here",
        "out",
        "about",
    ]
)
WORD = re.compile(r"[a-z']+")


def _strip_entities(text: str) -> str:
    if (
        "#" not in text
        and "@" not in text
        and "http" not in text
        and "www." not in text
    ):
        return text  # most posts: skip three regex passes
    return MENTION_RE.sub(" ", HASHTAG_RE.sub(" ", URL_RE.sub(" ", text)))


def _by_script(text: str, norm: str) -> str | None:
    """`ar`, `he`, `other`, or None when the text is Latin and needs the model."""
    body = _strip_entities(norm)
    marks = body.encode("utf-8").translate(LEAD_BYTES)
    n_ar, n_he, n_lat = marks.count(AR), marks.count(HE), marks.count(LA)
    if max(n_ar, n_he, n_lat) < MIN_LETTERS:
        return "other"
    if n_he >= n_ar and n_he >= n_lat:
        return "he"
    if n_ar >= n_lat:
        # Persian letters are folded away in the normalised text: look at the original.
        if len(NON_ARABIC_LETTERS.findall(text)) * 10 > n_ar:
            return "other"
        return "ar"
    words = WORD.findall(body)
    if sum(word in ENGLISH_WORDS for word in words) >= min(2, len(words)):
        return "en"
    return None


@lru_cache(maxsize=1)
def _latin_detector() -> Any:
    from lingua import Language, LanguageDetectorBuilder

    languages = [
        Language.ENGLISH,
        Language.FRENCH,
        Language.SPANISH,
        Language.GERMAN,
        Language.ITALIAN,
        Language.PORTUGUESE,
        Language.DUTCH,
        Language.TURKISH,
        Language.INDONESIAN,
    ]
    return (
        LanguageDetectorBuilder.from_languages(*languages)
        .with_low_accuracy_mode()
        .with_preloaded_language_models()
        .build()
    )


def detect_languages(
    texts: Sequence[str], norms: Sequence[str] | None = None
) -> list[str]:
    """One language code per text, in order; Latin texts are detected in one batch.

    `norms` are the texts' `normalise`d forms when the caller has them already.
    """
    if norms is None:
        norms = [normalise(text) for text in texts]
    results: list[str | None] = [
        _by_script(text, norm) for text, norm in zip(texts, norms, strict=True)
    ]
    pending = [i for i, result in enumerate(results) if result is None]
    if pending:
        detector = _latin_detector()
        found = detector.detect_languages_in_parallel_of(
            [_strip_entities(texts[i]) for i in pending]
        )
        for i, language in zip(pending, found, strict=True):
            is_english = language is not None and language.iso_code_639_1.name == "EN"
            results[i] = "en" if is_english else "other"
    return [result or "other" for result in results]


def detect_language(text: str) -> str:
    return detect_languages([text])[0]
