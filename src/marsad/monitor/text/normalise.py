"""Normalised text beside the original, read by classifiers, lexicons, de-duplication.

The original is never changed; this is a matching form. Arabic loses tatweel and
diacritics and folds letter variants that people write interchangeably (alef with
hamza or madda, alef maqsura and ya, ta marbuta and ha); Hebrew loses niqqud and
cantillation; digits become ASCII; invisible direction marks go; case folds.
Emoji and other symbols stay, because they carry meaning for the classifier.
"""

import re
import unicodedata

_ARABIC_DIACRITICS = [
    *range(0x0610, 0x061B),  # Quranic signs
    *range(0x064B, 0x0660),  # fathatan .. hamza below
    0x0670,  # superscript alef
    *range(0x06D6, 0x06DD),
    *range(0x06DF, 0x06E5),
    0x06E7,
    0x06E8,
    *range(0x06EA, 0x06EE),
]
_HEBREW_POINTS = [
    *range(0x0591, 0x05BE),  # cantillation and vowel points (not maqaf U+05BE)
    0x05BF,
    0x05C1,
    0x05C2,
    0x05C4,
    0x05C5,
    0x05C7,
]
_INVISIBLE = [
    0x0640,  # tatweel
    0x00AD,  # soft hyphen
    *range(0x200B, 0x2010),  # zero-width space .. right-to-left mark
    *range(0x202A, 0x202F),  # bidi embeddings and overrides
    *range(0x2066, 0x206A),  # bidi isolates
    0xFEFF,
]
_FOLD = {
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    "ى": "ي",
    "ة": "ه",
    "ؤ": "و",
    "ئ": "ي",
    "ی": "ي",  # Persian yeh, common in Levantine typing
    "ک": "ك",
}
_DIGITS = {
    **{0x0660 + i: str(i) for i in range(10)},  # Arabic-Indic
    **{0x06F0 + i: str(i) for i in range(10)},  # Extended (Persian) Arabic-Indic
}

TABLE = str.maketrans(
    {
        **dict.fromkeys(_ARABIC_DIACRITICS + _HEBREW_POINTS + _INVISIBLE),
        **{ord(k): v for k, v in _FOLD.items()},
        **_DIGITS,
    }
)

URL_RE = re.compile(r"https?://[^\s<>\"']+|www\.[^\s<>\"']+", re.IGNORECASE)
# Word characters of any script, joined by underscores; Arabic and Hebrew included.
HASHTAG_RE = re.compile(r"(?<![\w&])[#＃](\w+)")
MENTION_RE = re.compile(r"(?<![\w.])@(\w{1,64})")
_TRAILING_PUNCT = ".,;:!?)]}»”’'\""


# `str.translate` with a dict walks every character through a dict lookup (about
# 70 ns each for Arabic or Hebrew), and normalisation runs on every post. The same
# mapping is applied faster as one regex deletion, a `str.replace` per folded
# letter present, and a translate only when the rare digits occur; a property test
# checks the result equals `text.translate(TABLE)`.
_DELETE_RE = re.compile(
    "["
    + "".join(
        re.escape(chr(c)) for c in _ARABIC_DIACRITICS + _HEBREW_POINTS + _INVISIBLE
    )
    + "]"
)
_FOLD_PAIRS = tuple(_FOLD.items())
_DIGIT_RE = re.compile("[\u0660-\u0669\u06f0-\u06f9]")
_DIGIT_TABLE = str.maketrans(_DIGITS)


def fold_letters(text: str) -> str:
    """`text.translate(TABLE)`, fast."""
    if text.isascii():
        return text
    text = _DELETE_RE.sub("", text)
    for variant, letter in _FOLD_PAIRS:
        if variant in text:
            text = text.replace(variant, letter)
    if _DIGIT_RE.search(text):
        text = text.translate(_DIGIT_TABLE)
    return text


def normalise(text: str) -> str:
    """The matching form of `text` (NFKC, folded, one space between words)."""
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    text = fold_letters(text).casefold()
    return " ".join(text.split())  # str.split() splits on any Unicode whitespace


def extract_hashtags(text: str) -> list[str]:
    """Hashtags as written (without '#'), in order, once each."""
    if "#" not in text and "＃" not in text:  # most posts: skip the regex
        return []
    return list(dict.fromkeys(HASHTAG_RE.findall(text)))


def extract_mentions(text: str) -> list[str]:
    if "@" not in text:
        return []
    return list(dict.fromkeys(MENTION_RE.findall(text)))


def extract_urls(text: str) -> list[str]:
    lowered = text.lower() if "HTTP" in text or "WWW" in text else text
    if "http" not in lowered and "www." not in lowered:
        return []
    return list(
        dict.fromkeys(url.rstrip(_TRAILING_PUNCT) for url in URL_RE.findall(text))
    )
