"""Lexicon matching: analyst-curated terms per language and category.

Terms and posts are compared in the matching form (`text.normalise`), word by word,
so "الكِلاب" matches "كلاب" and "הַכּלבים" matches "כלבים". Arabic and Hebrew glue
short words to the front of the next one; a word also matches when such prefixes
are peeled off and the rest is a term:

- Arabic proclitics: a conjunction (و, ف), then a preposition (ب, ك, ل), then the
  article (ال, or لل after ل): "وبالكلاب" → "كلاب".
- Arabic pronoun suffixes (ـه، ـها، ـهم، ـهن، ـك، ـكم، ـنا، ـي) on any of those forms:
  "كلابهم" → "كلاب".
- Hebrew prefixes: up to four of ו ה ב כ ל מ ש in a row: "וכשהכלבים" → "כלבים".

Only a peeled form that is itself a term counts, and a stem must keep two letters,
so ordinary words starting with those letters do not match by accident.
Multi-word terms match consecutive words (each may carry prefixes on the first).
"""

import csv
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from marsad.monitor.classify.base import CATEGORIES, LABELS, Evidence, decide
from marsad.monitor.text.normalise import normalise

WORD = re.compile(r"\w+")
_AR_CONJ, _AR_PREP = ("و", "ف"), ("ب", "ك", "ل")
# Longest first; ة becomes ه in the matching form, so "ـه" also peels a ta marbuta
# turned ha, which is why a stem must keep three letters here.
_AR_SUFFIXES = ("هما", "كما", "هم", "هن", "ها", "كم", "كن", "نا", "ه", "ك", "ي")
MIN_SUFFIX_STEM = 3
_HE_PREFIX = set("והבכלמש")
MIN_STEM = 2


@dataclass(frozen=True, slots=True)
class Term:
    text: str  # as the analyst wrote it
    lang: str
    category: str
    target: str | None = None


class LexiconError(ValueError):
    pass


def arabic_stems(word: str) -> list[str]:
    """The word and every form left by peeling Arabic proclitics, longest first.

    These are candidates: only a form that is a term in the lexicon matches.
    """
    forms = [word]
    rest = word
    if rest[:1] in _AR_CONJ and len(rest) > MIN_STEM + 1:
        rest = rest[1:]
        forms.append(rest)
    if rest.startswith("لل") and len(rest) > MIN_STEM + 2:  # li + al
        forms.append(rest[2:])
        return forms
    if rest[:1] in _AR_PREP and len(rest) > MIN_STEM + 1:
        rest = rest[1:]
        forms.append(rest)
    if rest.startswith("ال") and len(rest) > MIN_STEM + 2:
        forms.append(rest[2:])
    return forms


def arabic_forms(word: str) -> list[str]:
    """`arabic_stems`, each also without a pronoun suffix."""
    forms = []
    for stem in arabic_stems(word):
        forms.append(stem)
        for suffix in _AR_SUFFIXES:
            if stem.endswith(suffix) and len(stem) - len(suffix) >= MIN_SUFFIX_STEM:
                forms.append(stem[: -len(suffix)])
                break
    return forms


def hebrew_stems(word: str) -> list[str]:
    forms = [word]
    for cut in range(1, 5):
        if len(word) - cut < MIN_STEM or word[cut - 1] not in _HE_PREFIX:
            break
        forms.append(word[cut:])
    return forms


def word_forms(word: str) -> list[str]:
    if any("\u0590" <= ch <= "\u05ff" for ch in word[:1]):
        return hebrew_stems(word)
    if any("\u0600" <= ch <= "\u06ff" for ch in word[:1]):
        return arabic_forms(word)
    return [word]


class LexiconClassifier:
    """Scores a category 1.0 when a term of it occurs, else 0.0; explains by hits."""

    classes_ = CATEGORIES

    def __init__(self, terms: Sequence[Term] = ()) -> None:
        self.terms = terms

    def fit(
        self, texts: Sequence[str] = (), labels: Sequence[str] = ()
    ) -> "LexiconClassifier":
        """Index the terms (the lexicon learns nothing from labels)."""
        index: dict[str, list[tuple[tuple[str, ...], Term]]] = defaultdict(list)
        for term in self.terms:
            if term.category not in CATEGORIES:
                raise LexiconError(
                    f"term {term.text!r}: category {term.category!r} is not one of "
                    f"{', '.join(CATEGORIES)}"
                )
            words = tuple(WORD.findall(normalise(term.text)))
            if not words:
                raise LexiconError(f"term {term.text!r} has no letters")
            index[words[0]].append((words, term))
        for entries in index.values():
            entries.sort(key=lambda entry: -len(entry[0]))  # longest match first
        self.index_ = dict(index)
        return self

    def _hits(self, text: str) -> list[Evidence]:
        matches = list(WORD.finditer(normalise(text)))
        words = [m.group() for m in matches]
        hits = []
        for i, word in enumerate(words):
            for form in word_forms(word):
                for term_words, term in self.index_.get(form, []):
                    if tuple(words[i + 1 : i + len(term_words)]) == term_words[1:]:
                        span = " ".join(words[i : i + len(term_words)])
                        hits.append(
                            Evidence(term.category, span, 1.0, "lexicon", term.target)
                        )
                        break
        return hits

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        scores = np.zeros((len(texts), len(self.classes_)))
        column = {category: j for j, category in enumerate(self.classes_)}
        for i, text in enumerate(texts):
            for hit in self._hits(text):
                scores[i, column[hit.category]] = 1.0
        return scores

    def explain(self, text: str) -> list[Evidence]:
        return self._hits(text)


def load_lexicon(path: Path) -> list[Term]:
    """Terms from a CSV with columns term, lang, category and optional target."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except OSError as exc:
        raise LexiconError(f"{path}: cannot be read ({exc.strerror})") from None
    terms = []
    for lineno, row in enumerate(rows, start=2):
        missing = [
            c for c in ("term", "lang", "category") if not (row.get(c) or "").strip()
        ]
        if missing:
            raise LexiconError(f"{path}:{lineno}: {', '.join(missing)} missing")
        terms.append(
            Term(
                text=row["term"].strip(),
                lang=row["lang"].strip(),
                category=row["category"].strip(),
                target=(row.get("target") or "").strip() or None,
            )
        )
    return terms


def lexicon_classifier(terms: Iterable[Term]) -> LexiconClassifier:
    return LexiconClassifier(tuple(terms)).fit()


class LexiconBackend:
    """The lexicon as the only backend: hate, else offensive, when a term occurs.

    Incitement terms count as hate here (calls to violence against a group); the
    verdict's categories still name incitement, from the hits themselves.
    """

    classes_ = LABELS

    def __init__(self, lexicon: LexiconClassifier) -> None:
        self.lexicon = lexicon

    @classmethod
    def load(cls, path: Path) -> "LexiconBackend":
        return cls(lexicon_classifier(load_lexicon(path)))

    def predict_proba(
        self, texts: Sequence[str], langs: Sequence[str] | None = None
    ) -> np.ndarray:
        hits = self.lexicon.predict_proba(texts)  # columns: CATEGORIES
        column = {category: j for j, category in enumerate(CATEGORIES)}
        hate = np.maximum(hits[:, column["hate"]], hits[:, column["incitement"]])
        offensive = hits[:, column["offensive"]] * (1 - hate)
        return np.column_stack([hate, offensive, 1 - np.maximum(hate, offensive)])

    def decide(self, proba: np.ndarray, langs: Sequence[str]) -> list[str]:
        return decide(proba, langs, {})

    def explain(self, text: str, *, lang: str | None = None) -> list[Evidence]:
        return self.lexicon.explain(text)
