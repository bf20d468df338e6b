"""Arabic, Hebrew, English: full catalogues, translatable templates, RTL pages."""

import gettext
import re
import shutil
from pathlib import Path

import polib
import pytest
from django.core.management import call_command
from django.test import Client

import marsad

pytestmark = [pytest.mark.integration]

PACKAGE = Path(marsad.__file__).parent
LOCALE = PACKAGE / "locale"


def catalogue(lang: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / lang / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("lang", ["ar", "he"])
def test_every_message_is_translated(lang: str) -> None:
    po = catalogue(lang)

    assert po.untranslated_entries() == []
    assert po.fuzzy_entries() == []
    assert len(po) > 50


@pytest.mark.parametrize("lang", ["ar", "he", "en"])
def test_compiled_catalogue_matches_its_source(lang: str) -> None:
    """The .mo shipped in the package says what the .po says (run `make messages`)."""
    mo_path = LOCALE / lang / "LC_MESSAGES" / "django.mo"
    with mo_path.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)

    stale = [
        entry.msgid
        for entry in catalogue(lang).translated_entries()
        if not entry.msgid_plural and compiled.gettext(entry.msgid) != entry.msgstr
    ]

    assert stale == []


def test_catalogues_hold_every_string_in_the_code(
    tmp_path: Path, settings: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(LOCALE, tmp_path / "locale")
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    monkeypatch.chdir(PACKAGE)

    call_command(
        "makemessages", locale=["ar"], ignore_patterns=["*/migrations/*"], verbosity=0
    )

    fresh = {
        e.msgid
        for e in polib.pofile(str(tmp_path / "locale/ar/LC_MESSAGES/django.po"))
        if not e.obsolete
    }
    assert fresh == {e.msgid for e in catalogue("ar") if not e.obsolete}


NON_TEXT = [
    re.compile(r"{%\s*blocktranslate.*?{%\s*endblocktranslate\s*%}", re.S),
    re.compile(r"{%.*?%}", re.S),
    re.compile(r"{{.*?}}", re.S),
    re.compile(r"{#.*?#}", re.S),
    re.compile(r"<!--.*?-->", re.S),
    re.compile(r"<[^>]*>", re.S),
    re.compile(r"&\w+;"),
]


@pytest.mark.parametrize(
    "template", sorted(PACKAGE.glob("*/templates/**/*.html")), ids=lambda p: p.name
)
def test_templates_have_no_untranslated_text(template: Path) -> None:
    text = template.read_text(encoding="utf-8")
    for pattern in NON_TEXT:
        text = pattern.sub(" ", text)

    assert re.findall(r"[^\W\d_]{2,}", text) == []


def test_language_switch_gives_a_right_to_left_page(client: Client, db: None) -> None:
    switched = client.post("/i18n/setlang/", {"language": "ar", "next": "/login/"})
    page = client.get("/login/").content.decode()

    assert switched["Location"] == "/login/"
    assert '<html lang="ar" dir="rtl">' in page
    assert "<h1>تسجيل الدخول</h1>" in page


@pytest.mark.parametrize(
    ("lang", "direction", "title"),
    [
        ("he", "rtl", "כניסה"),
        ("en", "ltr", "Sign in"),
        ("ar", "rtl", "تسجيل الدخول"),
    ],
)
def test_default_language_is_configurable(
    client: Client, db: None, settings: object, lang: str, direction: str, title: str
) -> None:
    settings.LANGUAGE_CODE = lang

    page = client.get("/login/").content.decode()

    assert f'<html lang="{lang}" dir="{direction}">' in page
    assert f"<h1>{title}</h1>" in page


def test_browser_language_is_honoured(client: Client, db: None) -> None:
    page = client.get(
        "/login/", headers={"Accept-Language": "he-IL,he;q=0.9"}
    ).content.decode()

    assert '<html lang="he" dir="rtl">' in page
