from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.db import connection

from marsad.core import crypto
from marsad.core.models import User

pytestmark = [pytest.mark.unit]

PHONE = "+970 59 123 4567"


def raw_phone(user: User) -> str:
    with connection.cursor() as cursor:
        table = connection.ops.quote_name(User._meta.db_table)
        cursor.execute(f"SELECT phone FROM {table} WHERE id = %s", [user.pk])  # noqa: S608
        return cursor.fetchone()[0]


@pytest.fixture
def person(db: None) -> User:
    return User.objects.create(username="reporter-contact", phone=PHONE)


def test_encrypted_field_keeps_plaintext_out_of_the_database(person: User) -> None:
    stored = raw_phone(person)

    assert PHONE not in stored
    assert "4567" not in stored
    assert User.objects.get(pk=person.pk).phone == PHONE


def test_encrypted_field_gives_different_ciphertext_for_same_value(db: None) -> None:
    first = User.objects.create(username="a", phone=PHONE)
    second = User.objects.create(username="b", phone=PHONE)

    assert raw_phone(first) != raw_phone(second)


def test_encrypted_field_keeps_empty_value_empty(db: None) -> None:
    user = User.objects.create(username="nophone")

    assert raw_phone(user) == ""
    assert User.objects.get(pk=user.pk).phone == ""


def test_encrypted_field_refuses_tampered_ciphertext(person: User) -> None:
    stored = raw_phone(person)
    tampered = stored[:-6] + ("A" if stored[-6] != "A" else "B") + stored[-5:]
    with connection.cursor() as cursor:
        table = connection.ops.quote_name(User._meta.db_table)
        sql = f"UPDATE {table} SET phone = %s WHERE id = %s"  # noqa: S608  (table name)
        cursor.execute(sql, [tampered, person.pk])

    with pytest.raises(crypto.DecryptionError, match="MARSAD_ENCRYPTION_KEY"):
        User.objects.get(pk=person.pk)


def test_encrypted_field_cannot_be_filtered_on(person: User) -> None:
    with pytest.raises(FieldError, match="Unsupported lookup"):
        list(User.objects.filter(phone=PHONE))


def test_rotation_reencrypts_with_the_new_key(settings: object, db: None) -> None:
    old_key, new_key = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.MARSAD_ENCRYPTION_KEYS = [old_key]
    user = User.objects.create(username="rotated", phone=PHONE)
    before = raw_phone(user)

    settings.MARSAD_ENCRYPTION_KEYS = [new_key, old_key]
    call_command("rotate_encryption_keys", stdout=StringIO())
    settings.MARSAD_ENCRYPTION_KEYS = [new_key]

    assert raw_phone(user) != before
    assert User.objects.get(pk=user.pk).phone == PHONE


def test_value_under_a_removed_key_is_reported(settings: object, db: None) -> None:
    settings.MARSAD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    user = User.objects.create(username="lost", phone=PHONE)
    settings.MARSAD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]

    with pytest.raises(crypto.DecryptionError, match="replaced without rotation"):
        User.objects.get(pk=user.pk)


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("", "no key given"),
        ("not-a-key", "key 1 is not 32"),
        (f"{Fernet.generate_key().decode()},short", "key 2 is not 32"),
    ],
)
def test_malformed_encryption_keys_are_named(value: str, problem: str) -> None:
    assert problem in crypto.check_encryption_keys(value)


def test_valid_encryption_key_list_passes() -> None:
    keys = f"{Fernet.generate_key().decode()}, {Fernet.generate_key().decode()}"

    assert crypto.check_encryption_keys(keys) is None
