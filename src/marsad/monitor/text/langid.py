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

from marsad.monitor.text.normalise import HASHTAG_RE, MENTION_RE, URL_RE

ARABIC_RANGES = [
    (0x0600, 0x06FF),
    (0x0750, 0x077F),
    (0x08A0, 0x08FF),
    (0xFB50, 0xFDFF),
    (0xFE70, 0xFEFF),
]
HEBREW_RANGES = [(0x0590, 0x05FF), (0xFB1D, 0xFB4F)]
LATIN_RANGES = [(0x41, 0x5A), (0x61, 0x7A), (0xC0, 0x24F)]
AR, HE, LA = "\x01", "\x02", "\x03"


def _script_table() -> dict[int, str | None]:
    """Every BMP character to a script marker (AR, HE, LA) or to nothing.

    One `str.translate` then three `count`s classify a post's letters about twice
    as fast as three regex scans, and language id runs on every post.
    """
    table: dict[int, str | None] = dict.fromkeys(range(0x10000))
    for ranges, marker in (
        (ARABIC_RANGES, AR),
        (HEBREW_RANGES, HE),
        (LATIN_RANGES, LA),
    ):
        for low, high in ranges:
            table.update(dict.fromkeys(range(low, high + 1), marker))
    for excluded in (0xD7, 0xF7):  # multiplication and division signs
        table[excluded] = None
    return table


SCRIPT_TABLE = str.maketrans(_script_table())
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


def _by_script(text: str) -> str | None:
    """`ar`, `he`, `other`, or None when the text is Latin and needs the model."""
    body = _strip_entities(text)
    marks = body.translate(SCRIPT_TABLE)
    n_ar, n_he, n_lat = marks.count(AR), marks.count(HE), marks.count(LA)
    if max(n_ar, n_he, n_lat) < MIN_LETTERS:
        return "other"
    if n_he >= n_ar and n_he >= n_lat:
        return "he"
    if n_ar >= n_lat:
        if len(NON_ARABIC_LETTERS.findall(body)) * 10 > n_ar:
            return "other"
        return "ar"
    words = WORD.findall(body.lower())
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


def detect_languages(texts: Sequence[str]) -> list[str]:
    """One language code per text, in order; Latin texts are detected in one batch."""
    results: list[str | None] = [_by_script(text) for text in texts]
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
