"""Model fields that keep personal data encrypted in the database."""

from typing import Any

from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.expressions import Expression

from marsad.core import crypto


class EncryptedTextField(models.TextField):
    """Text encrypted with the configured key before it reaches the database.

    Encryption is randomised, so the column cannot be filtered, ordered or made
    unique: look records up by another field. Empty strings stay empty, so that
    "not given" is visible without a key; everything else is ciphertext.
    """

    description = "Text encrypted at rest (Fernet)"

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt(str(value))

    def from_db_value(
        self, value: str | None, expression: Expression, connection: BaseDatabaseWrapper
    ) -> str | None:
        if value is None or value == "":
            return value
        return crypto.decrypt(value)

    def get_lookup(self, lookup_name: str) -> Any:
        # Ciphertext differs on every write, so only "is it stored at all" can be asked.
        if lookup_name != "isnull":
            return None
        return super().get_lookup(lookup_name)


def encrypted_fields() -> list[tuple[type[models.Model], list[str]]]:
    """Every installed model that has encrypted fields, with their names."""
    from django.apps import apps

    found = []
    for model in apps.get_models():
        names = [
            field.name
            for field in model._meta.concrete_fields
            if isinstance(field, EncryptedTextField)
        ]
        if names:
            found.append((model, names))
    return found
