from django.http import HttpRequest

from marsad.core.enums import Role
from marsad.core.navigation import visible_items


def shell(request: HttpRequest) -> dict[str, object]:
    """Navigation and role labels for the base layout, once two-factor login is done."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_verified():
        return {"nav_items": [], "user_roles": []}
    return {
        "nav_items": visible_items(user),
        "user_roles": [Role(name).label for name in user.role_names],
    }
