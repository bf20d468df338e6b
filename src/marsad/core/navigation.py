"""The navigation of the UI shell, filled by every app.

An app lists `nav_items` on its AppConfig; the shell shows a user the items whose
permission they hold, so navigation follows roles without templates knowing them.
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.apps import apps
from django.urls import reverse
from django.utils.functional import Promise

if TYPE_CHECKING:
    from marsad.core.models import User


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    # None: every signed-in user; "role": any user holding a role; else a permission.
    permission: str | None = "role"


def has_any_role(user: "User") -> bool:
    return user.is_superuser or bool(user.role_names)


def visible_items(user: "User") -> list[dict[str, str]]:
    """Items `user` may open, in app order, with resolved URLs."""
    any_role = has_any_role(user)
    items = []
    for config in apps.get_app_configs():
        for item in getattr(config, "nav_items", []):
            if item.permission == "role" and not any_role:
                continue
            if item.permission not in {None, "role"} and not user.has_perm(
                item.permission
            ):
                continue
            items.append({"label": str(item.label), "url": reverse(item.url_name)})
    return items
