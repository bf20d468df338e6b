"""Synthetic labelled posts in Arabic, Hebrew and English, written for these tests.

Each label has its own small vocabulary per language, mixed with shared filler
words, so a model must learn which words matter. The "group" words are invented
placeholders, not real groups.
"""

import random

from marsad.monitor.classify.data import Example

FILLER = {
    "ar": [
        "اليوم",
        "في",
        "المدينة",
        "الناس",
        "قالوا",
        "ان",
        "الخبر",
        "عن",
        "السوق",
        "والمدرسة",
    ],
    "he": ["היום", "בעיר", "האנשים", "אמרו", "שהחדשות", "על", "השוק", "ובית", "הספר"],
    "en": [
        "today",
        "in",
        "the",
        "city",
        "people",
        "said",
        "that",
        "the",
        "news",
        "about",
        "market",
        "school",
    ],
}
CUES = {
    "hate": {
        "ar": ["الزرقيين", "حشرات", "يجب", "طردهم", "من", "البلد", "كلهم"],
        "he": ["הכחולים", "חרקים", "צריך", "לגרש", "אותם", "מהארץ", "כולם"],
        "en": [
            "bluefolk",
            "vermin",
            "must",
            "be",
            "expelled",
            "from",
            "country",
            "all",
        ],
    },
    "offensive": {
        "ar": ["يا", "غبي", "يا", "حمار", "اسكت", "انت", "تافه"],
        "he": ["טמבל", "אידיוט", "סתום", "תשתוק", "אפס"],
        "en": ["shut", "up", "idiot", "moron", "loser", "stupid"],
    },
    "none": {
        "ar": ["شكرا", "جميل", "سعيد", "مبروك", "نتمنى", "الخير"],
        "he": ["תודה", "יפה", "שמח", "מזל", "טוב", "מאחלים"],
        "en": ["thanks", "lovely", "happy", "congratulations", "wishing", "well"],
    },
}
LABELS = ("hate", "offensive", "none")


def post(rng: random.Random, label: str, lang: str) -> str:
    words = rng.sample(FILLER[lang], 5) + rng.sample(CUES[label][lang], 3)
    rng.shuffle(words)
    return " ".join(words)


def examples(n: int, *, split: str, seed: int) -> list[Example]:
    rng = random.Random(seed)
    made = []
    for i in range(n):
        label, lang = LABELS[i % 3], ("ar", "he", "en")[(i // 3) % 3]
        made.append(
            Example(
                text=post(rng, label, lang),
                label=label,
                lang=lang,
                split=split,
                source=f"synthetic-{lang}",
                id=f"{split}-{i}",
            )
        )
    return made
