import pytest
from hypothesis import given
from hypothesis import strategies as st

from marsad.monitor.text.langid import detect_languages
from marsad.monitor.text.normalise import (
    TABLE,
    extract_hashtags,
    extract_mentions,
    extract_urls,
    fold_letters,
    normalise,
)

pytestmark = [pytest.mark.unit]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("أَهْلاً وسَهْلاً", "اهلا وسهلا"),  # diacritics go
        ("إسرائيل آمنة ٱلقدس", "اسراييل امنه القدس"),  # alef, ya-hamza, ta marbuta
        ("علــــى مستشفى", "علي مستشفي"),  # tatweel, alef maqsura
        ("٢٠٢٦ و ۱۲", "2026 و 12"),  # Arabic-Indic and Persian digits
        ("שָׁלוֹם עֲלֵיכֶם", "שלום עליכם"),  # niqqud goes
        ("בית\u05be\u05bfספר", "בית\u05beספר"),  # maqaf stays, rafe goes
        ("\u200fمرحبا\u200e  Hello\u202a\tWORLD\u202c", "مرحبا hello world"),
        ("كفى 😡🔥 #حقوق", "كفي 😡🔥 #حقوق"),  # emoji kept
        ("ﻻ ﷺ", "لا صلي الله عليه وسلم"),  # presentation forms via NFKC
    ],
)
def test_normalise(text: str, expected: str) -> None:
    assert normalise(text) == expected


def test_entities_are_extracted_in_any_script() -> None:
    text = (
        "#فلسطين_حرة و #חדשות #News @user_1 @עיתון mail@example.org "
        "https://t.co/x?y=1). www.e.org"
    )

    assert extract_hashtags(text) == ["فلسطين_حرة", "חדשות", "News"]
    assert extract_mentions(text) == ["user_1", "עיתון"]
    assert extract_urls(text) == ["https://t.co/x?y=1", "www.e.org"]


def test_language_of_mixed_posts() -> None:
    texts = [
        "they should go back to where they came from",
        "שמעתם מה קרה אתמול בירושלים?",
        "شو هالحكي يا زلمة، والله ما بصدق",
        "c'est une honte pour tout le monde",
        "سلام دوستان چطورید؟ خیلی خوب هستم",
        "😂😂😂",
        "",
        "@user https://t.co/x #tag",
        "RT @x: שלום לכולם world",  # the majority script decides
    ]

    assert detect_languages(texts) == [
        "en",
        "he",
        "ar",
        "other",
        "other",
        "other",
        "other",
        "other",
        "he",
    ]


# Characters the mapping touches, mixed with ordinary text of all three scripts.
_MAPPED = "".join(chr(c) for c in TABLE) + "abcXYZ ابت שלום ١٢ 😀\u200f"


@given(st.text(alphabet=st.sampled_from(_MAPPED)) | st.text())
def test_fast_fold_equals_the_translate_table(text: str) -> None:
    assert fold_letters(text) == text.translate(TABLE)
