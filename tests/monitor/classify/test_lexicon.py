from pathlib import Path

import numpy as np
import pytest

from marsad.monitor.classify.lexicon import (
    LexiconError,
    Term,
    arabic_forms,
    arabic_stems,
    hebrew_stems,
    lexicon_classifier,
    load_lexicon,
)

pytestmark = [pytest.mark.unit]

TERMS = [
    Term("كلاب", "ar", "hate", "group-a"),
    Term("اطردوهم", "ar", "incitement"),
    Term("כלבים", "he", "hate", "group-b"),
    Term("לשרוף אותם", "he", "incitement"),
    Term("idiot", "en", "offensive"),
    Term("go back where", "en", "hate"),
]


@pytest.fixture(scope="module")
def lexicon():
    return lexicon_classifier(TERMS)


@pytest.mark.parametrize(
    ("word", "forms"),
    [
        ("وبالكلاب", ["وبالكلاب", "بالكلاب", "الكلاب", "كلاب"]),
        ("للكلاب", ["للكلاب", "كلاب"]),
        ("فكلاب", ["فكلاب", "كلاب", "لاب"]),  # candidates; only terms match
        ("بيت", ["بيت"]),  # stem would be too short
    ],
)
def test_arabic_proclitics_are_peeled(word: str, forms: list[str]) -> None:
    assert arabic_stems(word) == forms


def test_arabic_suffixes_are_peeled_from_every_stem() -> None:
    assert arabic_forms("وكلابهم") == [
        "وكلابهم",
        "وكلاب",
        "كلابهم",
        "كلاب",
        "لابهم",
        "لاب",
    ]
    assert arabic_forms("بيته") == ["بيته", "بيت", "يته"]  # candidates only
    assert arabic_forms("مني") == ["مني"]  # stem would be too short


def test_hebrew_prefixes_are_peeled_up_to_four() -> None:
    assert hebrew_stems("וכשהכלבים") == [
        "וכשהכלבים",
        "כשהכלבים",
        "שהכלבים",
        "הכלבים",
        "כלבים",
    ]
    assert hebrew_stems("והכלבים") == ["והכלבים", "הכלבים", "כלבים", "לבים", "בים"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("هؤلاء الكِلاب يجب أن يرحلوا", [("hate", "الكلاب", "group-a")]),
        ("وبالكلاب", [("hate", "وبالكلاب", "group-a")]),
        ("كلابهم", [("hate", "كلابهم", "group-a")]),
        ("وكلابكم", [("hate", "وكلابكم", "group-a")]),
        ("اطردوهم الآن!", [("incitement", "اطردوهم", None)]),
        ("הכלבים האלה", [("hate", "הכלבים", "group-b")]),
        ("וכשהכלבים באו", [("hate", "וכשהכלבים", "group-b")]),
        ("צריך לשרוף אותם", [("incitement", "לשרוף אותם", None)]),
        ("ולשרוף אותם", [("incitement", "ולשרוף אותם", None)]),
        (
            "You IDIOT, go back where you came from",
            [("offensive", "idiot", None), ("hate", "go back where", None)],
        ),
        ("go back home", []),  # only part of a multi-word term
        ("كلابيش", []),  # a longer word is not the term
        ("the kitchen is clean", []),
    ],
)
def test_lexicon_hits_with_their_category_span_and_target(
    lexicon: object, text: str, expected: list[tuple[str, str, str | None]]
) -> None:
    hits = lexicon.explain(text)

    assert [(h.category, h.text, h.target) for h in hits] == expected


def test_predict_proba_columns_follow_classes(lexicon: object) -> None:
    scores = lexicon.predict_proba(["אתה idiot", "שלום", "اطردوهم يا كلاب"])

    assert lexicon.classes_ == ("hate", "incitement", "offensive")
    assert np.array_equal(scores, [[0, 0, 1], [0, 0, 0], [1, 1, 0]])


@pytest.mark.parametrize(
    "text", ["", "😡😡", "\u200f\u200e", "a" * 50_000, "مرحبا hello שלום"]
)
def test_odd_texts_never_crash(lexicon: object, text: str) -> None:
    assert lexicon.predict_proba([text]).shape == (1, 3)


def test_bad_terms_are_refused() -> None:
    with pytest.raises(LexiconError, match="category 'racism' is not one of"):
        lexicon_classifier([Term("x", "en", "racism")])
    with pytest.raises(LexiconError, match="has no letters"):
        lexicon_classifier([Term("!!", "en", "hate")])


def test_lexicon_csv(tmp_path: Path) -> None:
    path = tmp_path / "terms.csv"
    path.write_text(
        "term,lang,category,target\nكلاب,ar,hate,group-a\nidiot,en,offensive,\n"
    )
    broken = tmp_path / "broken.csv"
    broken.write_text("term,lang,category\nidiot,,offensive\n")

    assert load_lexicon(path) == [
        Term("كلاب", "ar", "hate", "group-a"),
        Term("idiot", "en", "offensive", None),
    ]
    with pytest.raises(LexiconError, match=r"broken\.csv:2: lang missing"):
        load_lexicon(broken)
